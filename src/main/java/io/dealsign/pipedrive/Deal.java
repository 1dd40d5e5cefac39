package io.dealsign.pipedrive;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A Pipedrive deal as {@code direct:pipedrive-get-deal} and friends return it (v2 shape, read tolerantly).
 * {@code deleted} is true for a deal Pipedrive still answers with {@code is_deleted: true} (kept 30 days).
 * {@code personId} may be null: a deal need not have a person.
 */
public record Deal(long id, String title, String status, Long personId, Long ownerId, Long stageId, Long pipelineId,
                   BigDecimal value, String currency, Instant updateTime, boolean deleted) {

    public boolean isOpen() {
        return !deleted && "open".equals(status);
    }

    public boolean isWon() {
        return "won".equals(status);
    }
}
