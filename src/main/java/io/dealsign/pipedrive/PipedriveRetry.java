package io.dealsign.pipedrive;

import java.time.Duration;

/**
 * One attempt failed in a way that the next attempt may not (a burst 429, a 5xx, no answer), and attempts
 * are left: {@code pipedrive-call} tries again after {@link #waitBefore()}. Never leaves this package's routes.
 */
final class PipedriveRetry extends RuntimeException {

    private final Duration waitBefore;

    PipedriveRetry(String reason, Duration waitBefore) {
        super(reason, null, false, false);
        this.waitBefore = waitBefore;
    }

    Duration waitBefore() {
        return waitBefore;
    }
}
