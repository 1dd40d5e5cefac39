package io.dealsign.simulator;

import java.time.Clock;
import java.time.Duration;

/**
 * A fixed-window request counter, as Pipedrive describes its burst limit (N requests per rolling
 * window per token) and as we assume for DottedSign. {@code limit <= 0} means unlimited.
 */
public final class WindowRateLimit {

    /** The verdict for one request, with what the rate-limit headers should say. */
    public record Verdict(boolean allowed, int limit, int remaining, long resetSeconds) { }

    private final Clock clock;
    private volatile int limit;
    private volatile Duration window;
    private long windowStartMillis;
    private int used;

    public WindowRateLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.windowStartMillis = clock.millis();
    }

    public WindowRateLimit(int limit, Duration window) {
        this(limit, window, Clock.systemUTC());
    }

    public synchronized void configure(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
        this.used = 0;
        this.windowStartMillis = clock.millis();
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    public synchronized Verdict acquire() {
        long now = clock.millis();
        long windowMillis = window.toMillis();
        if (now - windowStartMillis >= windowMillis) {
            windowStartMillis = now;
            used = 0;
        }
        long resetSeconds = Math.max(1, (windowStartMillis + windowMillis - now + 999) / 1000);
        if (limit <= 0) {
            return new Verdict(true, 0, 0, resetSeconds);
        }
        if (used >= limit) {
            return new Verdict(false, limit, 0, resetSeconds);
        }
        used++;
        return new Verdict(true, limit, limit - used, resetSeconds);
    }
}
