package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides, after each failed attempt of a call, whether to send it again and after how long, and logs one
 * line an operator can act on. It runs as the {@code onExceptionOccurred} step of
 * {@code direct:dottedsign-call}'s error handler (which then asks {@link #shouldRetry}):
 * <ul>
 *   <li>token refused (401, {@code 400002}, {@code 400003}): once more at once, with a new token;</li>
 *   <li>429: after {@code Retry-After} (plus a little jitter), else after an exponential backoff with jitter, a few times; then
 *       (or at once when {@code Retry-After} is longer than the longest wait) the caller gets a RetryLater;</li>
 *   <li>5xx, no connection, timeout: after an exponential backoff with jitter, a few times; but a call
 *       that is not idempotent is not sent again when DottedSign may already have carried it out;</li>
 *   <li>anything else (other 4xx, task gone, quota spent): never.</li>
 * </ul>
 * The counts live in the exchange, so every call has its own.
 */
final class DottedSignRetries {

    /** Exchange property: this call's {@link State}. */
    static final String STATE = "dottedsign.retries";
    private static final Logger LOG = LoggerFactory.getLogger(DottedSignApi.class);

    /** What happened so far in one call, and the latest decision. */
    static final class State {
        int unavailableRetries;
        int rateLimitedRetries;
        boolean tokenRefetched;
        boolean retry;
    }

    private final DottedSignClientSettings settings;
    private final AtomicBoolean quotaAlarmRaised = new AtomicBoolean();

    DottedSignRetries(DottedSignClientSettings settings) {
        this.settings = settings;
    }

    /** Decides and logs; a retry's delay goes where the error handler reads it ({@code CamelRedeliveryDelay}). */
    void onFailure(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        State state = exchange.getProperty(STATE, State.class);
        if (state == null) {
            state = new State();
            exchange.setProperty(STATE, state);
        }
        HttpCall call = DottedSignHttp.call(exchange);
        Duration delay = decide(failure, call, state);
        state.retry = delay != null;
        if (delay != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        }
    }

    boolean shouldRetry(Exchange exchange) {
        State state = exchange.getProperty(STATE, State.class);
        return state != null && state.retry;
    }

    /** A task was created, so the monthly quota is not spent (any more): the next time it is, that is an ERROR again. */
    void taskCreated() {
        quotaAlarmRaised.set(false);
    }

    /** How long to wait before the next attempt, or null for no next attempt. */
    Duration decide(Throwable failure, HttpCall call, State state) {
        String what = failure == null ? "a DottedSign call failed" : failure.getMessage();
        if (failure instanceof DottedSignTokenRejected) {
            if (!state.tokenRefetched) {
                state.tokenRefetched = true;
                LOG.info("{}; fetching a new access token and sending it again", what);
                return Duration.ZERO;
            }
            LOG.error("{}, also with a freshly fetched access token. Check the DottedSign application's client id and "
                    + "secret and that its owner is still a member; not retried.", what);
            return null;
        }
        if (failure instanceof DottedSignRateLimited limited) {
            if (limited.retryAfter().filter(wait -> wait.compareTo(settings.maxRetryDelay()) > 0).isPresent()) {
                LOG.warn("{}; that is longer than a call waits (dottedsign.retry.max-delay), so the work waits until {}",
                        what, limited.notBefore());
                return null;
            }
            if (state.rateLimitedRetries >= settings.maxRateLimitRetries()) {
                LOG.warn("{}; still rate limited after {} attempts, so the work waits until {}", what,
                        state.rateLimitedRetries + 1, limited.notBefore());
                return null;
            }
            state.rateLimitedRetries++;
            Duration delay = limited.retryAfter().map(DottedSignRetries::spread)
                    .orElseGet(() -> backoff(state.rateLimitedRetries));
            LOG.warn("{}; retry {} of {} in {} ms", what, state.rateLimitedRetries, settings.maxRateLimitRetries(),
                    delay.toMillis());
            return delay;
        }
        if (failure instanceof DottedSignUnavailable unavailable) {
            if (call != null && !call.idempotent() && unavailable.mayHaveBeenProcessed()) {
                LOG.warn("{}; not sent again, because DottedSign may have carried it out", what);
                return null;
            }
            if (state.unavailableRetries >= settings.maxRetries()) {
                LOG.warn("{}; gave up after {} attempts, the work is to be tried again later", what,
                        state.unavailableRetries + 1);
                return null;
            }
            state.unavailableRetries++;
            Duration delay = backoff(state.unavailableRetries);
            LOG.warn("{}; retry {} of {} in {} ms", what, state.unavailableRetries, settings.maxRetries(), delay.toMillis());
            return delay;
        }
        if (failure instanceof DottedSignQuotaExhausted quota) {
            if (quotaAlarmRaised.compareAndSet(false, true)) {
                LOG.error("The DottedSign plan's monthly task quota is spent ({}). No signing task can be created until "
                        + "the quota renews or the plan is upgraded; the work waits until {} and is tried again then.",
                        what, quota.notBefore());
            } else {
                LOG.warn("{}; the monthly task quota is still spent, the work waits until {}", what, quota.notBefore());
            }
            return null;
        }
        if (failure instanceof DottedSignTaskGone) {
            LOG.info("{}; the task no longer exists at DottedSign", what);
            return null;
        }
        if (failure instanceof DottedSignApiException) {
            LOG.warn("{}; not retried", what);
            return null;
        }
        if (failure instanceof RetryLater later) {
            LOG.warn("{}; the work waits until {}", what, later.notBefore());
            return null;
        }
        LOG.error("{} failed unexpectedly; not retried", call == null ? "A DottedSign call" : call, failure);
        return null;
    }

    /** Retry-After plus up to a tenth more (at most 1 s), so that calls refused together do not return together. */
    static Duration spread(Duration retryAfter) {
        long extra = Math.min(1000, retryAfter.toMillis() / 10);
        return retryAfter.plusMillis(extra == 0 ? 0 : ThreadLocalRandom.current().nextLong(extra + 1));
    }

    /** The n-th retry's wait: the initial delay doubled per retry, capped, with jitter over its upper half. */
    Duration backoff(int retry) {
        long initial = settings.initialRetryDelay().toMillis();
        long cap = settings.maxRetryDelay().toMillis();
        long base = Math.min(cap, initial << Math.min(retry - 1, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
