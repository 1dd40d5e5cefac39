package io.dealsign.pipedrive;

import java.time.Instant;

/**
 * A Pipedrive deal event, from a webhook (v2 or legacy v1) or from the poller, reduced to what the
 * flows need. {@code mergedIntoDealId} is set when the deal disappeared by a merge.
 */
public record DealEvent(String eventId, Action action, long dealId, ChangeSource changeSource, Instant occurredAt,
                        Long mergedIntoDealId) {

    public enum Action { ADDED, CHANGED, DELETED }

    public enum ChangeSource { APP, API, UNKNOWN }

    public boolean isMerge() {
        return mergedIntoDealId != null;
    }
}
