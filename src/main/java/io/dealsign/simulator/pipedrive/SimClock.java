package io.dealsign.simulator.pipedrive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's sense of time: the system clock plus an offset that tests can push forward. Every
 * time-based rule reads it (timestamps, the 2-second burst window, the daily budget's midnight reset,
 * the 30-day life of deleted deals, webhook bans, Cloudflare blocks), so a test can jump a day ahead
 * instead of waiting one. It never goes backwards, so update times stay monotonic.
 */
public final class SimClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("the simulator's clock only moves forward, not by " + amount);
        }
        offset.accumulateAndGet(amount, Duration::plus);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulator runs on UTC, like Pipedrive's API timestamps");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
