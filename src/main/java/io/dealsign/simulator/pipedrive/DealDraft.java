package io.dealsign.simulator.pipedrive;

/**
 * What a sales rep fills in to create a deal. Null fields take Pipedrive-like defaults: pipeline 1,
 * stage 1, value 0, currency EUR, the rep as owner.
 */
public record DealDraft(String title, Long personId, Long orgId, Long pipelineId, Long stageId, Double value,
                        String currency, Long ownerId) {

    public static DealDraft titled(String title) {
        return new DealDraft(title, null, null, null, null, null, null, null);
    }

    public DealDraft withPerson(Long personId) {
        return new DealDraft(title, personId, orgId, pipelineId, stageId, value, currency, ownerId);
    }

    public DealDraft withOrg(Long orgId) {
        return new DealDraft(title, personId, orgId, pipelineId, stageId, value, currency, ownerId);
    }

    public DealDraft inStage(long pipelineId, long stageId) {
        return new DealDraft(title, personId, orgId, pipelineId, stageId, value, currency, ownerId);
    }

    public DealDraft worth(double value, String currency) {
        return new DealDraft(title, personId, orgId, pipelineId, stageId, value, currency, ownerId);
    }

    public DealDraft ownedBy(long ownerId) {
        return new DealDraft(title, personId, orgId, pipelineId, stageId, value, currency, ownerId);
    }
}
