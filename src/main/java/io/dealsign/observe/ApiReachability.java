package io.dealsign.observe;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Whether one API answers, judged only from the calls the service makes anyway: checking with calls of
 * its own would spend the rate budget that the flows need. Every HTTP attempt reports its outcome here
 * (through {@link #answered(String)} and {@link #noAnswer(String)}, one step each in the API client's
 * attempt route): an answer below 500, a 429 or a 4xx included, shows the API is there; a 5xx or no answer
 * at all is a failure. The state is UNKNOWN before the first call, UP after an answer, DEGRADED after a
 * failure, and DOWN after {@code sync.observe.api-down-after} failures in a row; the next answer makes it
 * UP again.
 *
 * <p>As a health check ({@code pipedrive-api}, {@code dottedsign-api}) it is readiness only and always UP,
 * with the state in its details and message: an API that is down does not make the service unready,
 * because the service still accepts webhooks into its inbox, where events wait until the API is back. A
 * load balancer turning webhooks away would lose events, and restarting would not bring the API back.
 */
public final class ApiReachability extends AbstractHealthCheck {

    public enum State { UNKNOWN, UP, DEGRADED, DOWN }

    /** The state at one moment, as the health check and the gauge report it. */
    public record Snapshot(State state, int consecutiveFailures, Instant lastAnswerAt, Instant lastFailureAt,
                           String lastError) {
    }

    private final String api;
    private final int failuresForDown;
    private final Clock clock;
    private int consecutiveFailures;
    private boolean called;
    private Instant lastAnswerAt;
    private Instant lastFailureAt;
    private String lastError;

    ApiReachability(String api, int failuresForDown, Clock clock) {
        super("sync", api + "-api");
        this.api = api;
        this.failuresForDown = Math.max(1, failuresForDown);
        this.clock = clock;
    }

    /** The step after an HTTP answer arrived: reads its status from {@code CamelHttpResponseCode}. */
    public static Processor answered(String api) {
        return exchange -> {
            int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            BusinessMetrics.apiAnswered(api, status);
            of(exchange, api).recordAnswer(status);
        };
    }

    /** The step where an HTTP attempt failed without an answer ({@code CamelExceptionCaught}). */
    public static Processor noAnswer(String api) {
        return exchange -> {
            BusinessMetrics.apiNoAnswer(api);
            Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            of(exchange, api).recordFailure("no answer: " + (failure == null ? "an I/O error"
                    : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")")));
        };
    }

    private static ApiReachability of(Exchange exchange, String api) {
        ApiReachability found = exchange.getContext().getRegistry()
                .lookupByNameAndType(ObserveConfiguration.reachabilityBean(api), ApiReachability.class);
        // Without ObserveConfiguration (a test of one API client alone) there is nothing to record into.
        return found != null ? found : new ApiReachability(api, 1, Clock.systemUTC());
    }

    synchronized void recordAnswer(int status) {
        called = true;
        if (status >= 500 || status < 100) {
            recordFailure("HTTP " + status);
            return;
        }
        consecutiveFailures = 0;
        lastAnswerAt = clock.instant();
    }

    synchronized void recordFailure(String error) {
        called = true;
        consecutiveFailures++;
        lastFailureAt = clock.instant();
        lastError = error;
    }

    public synchronized Snapshot snapshot() {
        State state = !called ? State.UNKNOWN
                : consecutiveFailures == 0 ? State.UP
                : consecutiveFailures >= failuresForDown ? State.DOWN
                : State.DEGRADED;
        return new Snapshot(state, consecutiveFailures, lastAnswerAt, lastFailureAt, lastError);
    }

    String api() {
        return api;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Snapshot now = snapshot();
        builder.detail("reachability", now.state().name());
        builder.detail("consecutive_failures", now.consecutiveFailures());
        if (now.lastAnswerAt() != null) {
            builder.detail("last_answer_at", now.lastAnswerAt().toString());
        }
        if (now.lastError() != null) {
            builder.detail("last_failure_at", now.lastFailureAt().toString());
            builder.detail("last_error", now.lastError());
        }
        switch (now.state()) {
            case UNKNOWN -> builder.message("UNKNOWN: no " + api + " call made yet");
            case UP -> builder.message("UP: " + api + " answered the latest call");
            default -> builder.message(now.state() + ": " + now.consecutiveFailures() + " " + api
                    + " call(s) in a row failed, the latest at " + now.lastFailureAt() + ": " + now.lastError());
        }
        builder.up();
    }
}
