package io.dealsign.simulator.pipedrive;

import java.time.Instant;

/**
 * One try at delivering one event to one webhook, or the record that it was dropped.
 *
 * @param attempt 1 for the first try, 2..4 for the retries (v1 payloads say {@code retry = attempt - 1})
 * @param status  the receiver's HTTP status, null when there was none (timeout, refused connection, dropped)
 * @param error   why there was no status, else null
 * @param body    the JSON that was sent (null when dropped)
 */
public record DeliveryAttempt(String eventId, long webhookId, int attempt, String version, String event, long dealId,
                              Instant at, Outcome outcome, Integer status, String error, String body) {

    public enum Outcome {
        /** The receiver answered 2xx within the timeout. */
        DELIVERED,
        /** Non-2xx, timeout or connection error; a retry follows unless this was attempt 4. */
        FAILED,
        /** Not sent: the webhook was banned after ten failed first attempts. The event is lost. */
        DROPPED_BANNED,
        /** Not sent: delivery was switched off (a simulated Pipedrive outage). The event is lost. */
        DROPPED_DELIVERY_OFF
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
