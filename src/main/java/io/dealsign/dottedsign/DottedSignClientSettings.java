package io.dealsign.dottedsign;

import java.time.Duration;

/**
 * How the service calls DottedSign's API: pace, timeouts, retries. DottedSign publishes no rate limits,
 * so the defaults are conservative.
 *
 * @param rateLimitRequests   at most this many requests (token requests included) per {@code rateLimitPeriod}
 * @param maxRetries          retries of a call after a 5xx, a connection failure or a timeout
 * @param maxRateLimitRetries retries of a call after a 429
 * @param initialRetryDelay   first backoff delay; it doubles per retry (with jitter) up to {@code maxRetryDelay}
 * @param maxRetryDelay       longest wait inside one call; a {@code Retry-After} longer than this is not
 *                            waited for in a thread but handed to the caller as a RetryLater
 * @param quotaWait           how long work waits when the plan's monthly task quota is spent
 * @param scope               OAuth scopes to ask for, space-separated; blank for the application's defaults
 */
public record DottedSignClientSettings(int rateLimitRequests, Duration rateLimitPeriod, Duration connectTimeout,
                                       Duration responseTimeout, int maxRetries, int maxRateLimitRetries,
                                       Duration initialRetryDelay, Duration maxRetryDelay, Duration quotaWait,
                                       String scope) {

    public DottedSignClientSettings {
        positive(rateLimitRequests, "dottedsign.rate-limit.requests");
        positive(rateLimitPeriod, "dottedsign.rate-limit.period");
        positive(connectTimeout, "dottedsign.http.connect-timeout");
        positive(responseTimeout, "dottedsign.http.response-timeout");
        notNegative(maxRetries, "dottedsign.retry.max-retries");
        notNegative(maxRateLimitRetries, "dottedsign.retry.max-rate-limit-retries");
        positive(initialRetryDelay, "dottedsign.retry.initial-delay");
        positive(maxRetryDelay, "dottedsign.retry.max-delay");
        positive(quotaWait, "dottedsign.quota.wait");
        if (maxRetryDelay.compareTo(initialRetryDelay) < 0) {
            throw new IllegalArgumentException("dottedsign.retry.max-delay (" + maxRetryDelay.toMillis()
                    + " ms) must not be shorter than dottedsign.retry.initial-delay (" + initialRetryDelay.toMillis() + " ms)");
        }
        scope = scope == null ? "" : scope.trim();
    }

    /** The defaults, as documented in application.properties. */
    public static DottedSignClientSettings defaults() {
        return new DottedSignClientSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 3,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1), "");
    }

    private static void positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
    }

    private static void notNegative(int value, String key) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, not " + value);
        }
    }

    private static void positive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds, not " + value);
        }
    }
}
