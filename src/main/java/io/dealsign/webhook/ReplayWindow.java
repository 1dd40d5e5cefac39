package io.dealsign.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Replay protection for signed events that carry their own time: an event older than {@code maxAge},
 * or further ahead of this server's clock than {@code maxClockSkew}, is refused. A replay of an event
 * that was accepted is already answered as a duplicate; this window also stops a captured body from
 * being stored later (after the processed-event keys are gone, or if it was never delivered).
 */
final class ReplayWindow {

    private final Duration maxAge;
    private final Duration maxClockSkew;
    private final Clock clock;

    ReplayWindow(Duration maxAge, Duration maxClockSkew, Clock clock) {
        this.maxAge = maxAge;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    boolean isOff() {
        return maxAge.isZero();
    }

    /** Why an event of this time is refused; empty when it is inside the window. */
    Optional<String> refusal(Instant occurredAt) {
        if (isOff()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (occurredAt.isBefore(now.minus(maxAge))) {
            return Optional.of("event_datetime " + occurredAt + " is more than " + describe(maxAge)
                    + " old: refused as a possible replay");
        }
        if (occurredAt.isAfter(now.plus(maxClockSkew))) {
            return Optional.of("event_datetime " + occurredAt + " is more than " + describe(maxClockSkew)
                    + " ahead of this server's clock (" + now + ")");
        }
        return Optional.empty();
    }

    static String describe(Duration duration) {
        if (duration.toSeconds() % 3600 == 0 && duration.toHours() > 0) {
            return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
        }
        if (duration.toSeconds() % 60 == 0 && duration.toMinutes() > 0) {
            return duration.toMinutes() + (duration.toMinutes() == 1 ? " minute" : " minutes");
        }
        return duration.toMillis() + " ms";
    }
}
