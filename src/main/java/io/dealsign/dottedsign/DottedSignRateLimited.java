package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * DottedSign answered 429. The client waits and retries a few times; a caller that still sees it holds
 * the work until {@link #notBefore()}, which does not count against the event.
 */
public class DottedSignRateLimited extends RetryLater {

    private final Duration retryAfter;

    /** @param retryAfter what DottedSign's {@code Retry-After} header asked for, or null when it sent none */
    public DottedSignRateLimited(String reason, Duration retryAfter, Instant notBefore) {
        super(reason, notBefore);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
