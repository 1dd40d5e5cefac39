package io.dealsign.inbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the inbox retries: exponential backoff with jitter from {@code firstRetryDelay} up to
 * {@code maxRetryDelay}, parking an event after {@code maxAttempts}; a claimed event is another
 * worker's to take over once {@code lease} has passed without an answer.
 */
public record InboxPolicy(int maxAttempts, Duration firstRetryDelay, Duration maxRetryDelay, Duration lease) {

    public Duration delayAfter(int attempts) {
        long base = firstRetryDelay.toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, maxRetryDelay.toMillis());
        // Full jitter on the upper half: retries of many events spread out instead of arriving together.
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }
}
