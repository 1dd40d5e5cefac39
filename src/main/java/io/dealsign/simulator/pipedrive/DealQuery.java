package io.dealsign.simulator.pipedrive;

import java.time.Instant;
import java.util.Set;

/**
 * The filters, sort and page of {@code GET /api/v2/deals}.
 *
 * @param statuses empty means "every deal not deleted"; {@code deleted} means deleted in the last 30 days
 * @param sortBy   {@code id}, {@code update_time} or {@code add_time}
 * @param cursor   the opaque {@code next_cursor} of the previous page, or null for the first page
 */
public record DealQuery(Set<String> statuses, Instant updatedSince, Instant updatedUntil, String sortBy,
                        boolean ascending, int limit, String cursor, Long ownerId, Long personId,
                        Long pipelineId, Long stageId) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public DealQuery {
        statuses = Set.copyOf(statuses);
    }

    public static DealQuery firstPage() {
        return new DealQuery(Set.of(), null, null, "id", true, DEFAULT_LIMIT, null, null, null, null, null);
    }

    public DealQuery sortedBy(String sortBy, boolean ascending) {
        return new DealQuery(statuses, updatedSince, updatedUntil, sortBy, ascending, limit, cursor, ownerId, personId,
                pipelineId, stageId);
    }

    public DealQuery limit(int limit) {
        return new DealQuery(statuses, updatedSince, updatedUntil, sortBy, ascending, limit, cursor, ownerId, personId,
                pipelineId, stageId);
    }

    public DealQuery after(String cursor) {
        return new DealQuery(statuses, updatedSince, updatedUntil, sortBy, ascending, limit, cursor, ownerId, personId,
                pipelineId, stageId);
    }

    public DealQuery updatedSince(Instant since) {
        return new DealQuery(statuses, since, updatedUntil, sortBy, ascending, limit, cursor, ownerId, personId,
                pipelineId, stageId);
    }

    public DealQuery withStatuses(Set<String> statuses) {
        return new DealQuery(statuses, updatedSince, updatedUntil, sortBy, ascending, limit, cursor, ownerId, personId,
                pipelineId, stageId);
    }
}
