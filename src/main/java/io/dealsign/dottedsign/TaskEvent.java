package io.dealsign.dottedsign;

import java.time.Instant;

/**
 * A DottedSign task event, from a webhook or from the poller, reduced to what the flows need.
 * {@code dealId} is the task's {@code metadata.pipedrive_deal_id} when the event carried the task.
 */
public record TaskEvent(String eventKey, long taskId, String action, Instant occurredAt, Long dealId,
                        String taskStatus) {
}
