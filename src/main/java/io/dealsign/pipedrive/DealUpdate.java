package io.dealsign.pipedrive;

/**
 * What {@code direct:pipedrive-update-deal} changes on a deal. Null fields are left out of the PATCH, so
 * they keep their value. Moving a stage? Give {@code pipelineId} as well when you know it (Pipedrive v2
 * does not promise to follow the stage into another pipeline). {@code lostReason} needs status "lost".
 */
public record DealUpdate(long dealId, String status, Long stageId, Long pipelineId, String lostReason) {

    public static DealUpdate won(long dealId) {
        return new DealUpdate(dealId, "won", null, null, null);
    }

    public static DealUpdate lost(long dealId, String lostReason) {
        return new DealUpdate(dealId, "lost", null, null, lostReason);
    }

    public static DealUpdate toStage(long dealId, long stageId, Long pipelineId) {
        return new DealUpdate(dealId, null, stageId, pipelineId, null);
    }
}
