package io.dealsign.inbox;

import java.time.Instant;

/**
 * Thrown by a flow step that cannot go on now but will later without the event being at fault (an
 * API's daily budget is spent, a rate-limit window is closed): the event waits until {@code notBefore}
 * and the wait does not count as a failed attempt.
 */
public class RetryLater extends RuntimeException {

    private final Instant notBefore;

    public RetryLater(String reason, Instant notBefore) {
        super(reason);
        this.notBefore = notBefore;
    }

    public Instant notBefore() {
        return notBefore;
    }
}
