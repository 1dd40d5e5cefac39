package io.dealsign.simulator.dottedsign;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What became of one webhook event: delivered, answered with an error, failed on the network, or
 * dropped because delivery was switched off or no URL was set (then it is lost, as with the real
 * service, which documents no retries).
 *
 * @param responseStatus the receiver's HTTP status, 0 when there was no answer
 * @param error          why it was not delivered, null when the receiver answered 2xx
 * @param signature      the {@code Signature} header sent, null when nothing was sent
 * @param redelivery     true when sent again on request (a duplicate delivery)
 */
public record WebhookDelivery(long taskId, String actionName, long eventDatetime, Outcome outcome,
                              int responseStatus, String error, String url, String signature, byte[] body,
                              boolean redelivery, Instant attemptedAt) {

    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered, but not 2xx. */
        REJECTED,
        /** No answer: connection refused, reset or timed out. */
        FAILED,
        /** Never sent: delivery switched off or no webhook URL configured. */
        DROPPED
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return actionName + " task " + taskId + (redelivery ? " (redelivery)" : "") + " -> " + outcome
                + (responseStatus > 0 ? " " + responseStatus : "") + (error == null ? "" : " (" + error + ")");
    }
}
