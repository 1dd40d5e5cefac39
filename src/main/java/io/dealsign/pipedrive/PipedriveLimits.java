package io.dealsign.pipedrive;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the Pipedrive client paces, waits and gives up. Read from {@code pipedrive.*} settings by
 * {@link PipedriveConfiguration}; the defaults suit the smallest plan (20 requests per 2 s per token).
 *
 * @param requestsPerPeriod  requests let through per {@code period}, for all Pipedrive calls together
 * @param period             the throttle's rolling window
 * @param connectTimeout     to open a connection
 * @param responseTimeout    to wait for an answer (also between bytes of it)
 * @param maxRetries         attempts after the first, for a 5xx, a burst 429 or no answer
 * @param firstRetryDelay    backoff before the first retry, doubled each time, with jitter
 * @param maxRetryDelay      the longest wait inside a call: a longer announced wait postpones the event instead
 * @param cloudflarePause    how long to stop calling after Cloudflare's HTML 403
 * @param dailyResetZone     where "midnight" is when Pipedrive refills the daily budget (its server's zone)
 * @param filesPageSize      page size for listing a deal's files (Pipedrive's maximum is 100)
 */
public record PipedriveLimits(int requestsPerPeriod, Duration period, Duration connectTimeout, Duration responseTimeout,
                              int maxRetries, Duration firstRetryDelay, Duration maxRetryDelay,
                              Duration cloudflarePause, ZoneId dailyResetZone, int filesPageSize) {

    public static final int MAX_FILES_PAGE_SIZE = 100;

    public PipedriveLimits {
        if (requestsPerPeriod < 1) {
            throw new IllegalArgumentException("pipedrive.rate-limit.requests must be 1 or more, not " + requestsPerPeriod);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("pipedrive.retry.max-retries must be 0 or more, not " + maxRetries);
        }
        filesPageSize = Math.max(1, Math.min(MAX_FILES_PAGE_SIZE, filesPageSize));
    }

    public static PipedriveLimits defaults() {
        return new PipedriveLimits(16, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10), ZoneId.of("UTC"),
                MAX_FILES_PAGE_SIZE);
    }
}
