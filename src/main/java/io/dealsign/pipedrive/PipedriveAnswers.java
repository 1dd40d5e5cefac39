package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.RetryLater;
import io.dealsign.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Decides what one answer from Pipedrive (or the lack of one) means: the JSON to go on with, or the
 * exception that says what happens next. The rules (reference §7.4 and §8):
 * <ul>
 * <li>2xx with {@code success} not false: the JSON. {@code success:false} fails whatever the status.</li>
 * <li>429 with {@code x-daily-ratelimit-token-remaining: 0}: the daily budget is spent; pause every call
 *     until {@code Retry-After} or the next midnight, {@link RetryLater}.</li>
 * <li>Other 429 (burst): wait {@code Retry-After}, else {@code x-ratelimit-reset} seconds, else backoff;
 *     {@link PipedriveRetry} while attempts are left, then {@link RetryLater}.</li>
 * <li>403 whose body is not JSON: Cloudflare blocks the token; pause every call, {@link RetryLater}.</li>
 * <li>5xx, and no answer at all: backoff and {@link PipedriveRetry}, then {@link PipedriveUnavailable}.</li>
 * <li>404: {@link DealNotFound} / {@link PersonNotFound}; other 4xx: {@link PipedriveApiException}. Not retried.</li>
 * </ul>
 * Each failure logs one line: the call (and its deal), what happened, what happens next.
 */
final class PipedriveAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(PipedriveAnswers.class);
    private static final int BODY_SNIPPET = 200;

    private final PipedriveLimits limits;
    private final PipedriveBudget budget;

    PipedriveAnswers(PipedriveLimits limits, PipedriveBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** The JSON answer of a successful call, or the exception for a failed one. */
    JsonNode read(PipedriveRequest request, int attempt, int status, Function<String, String> header, byte[] body) {
        budget.observe(header);
        Optional<JsonNode> json = PipedriveJson.object(body);
        if (status == 429) {
            throw tooManyRequests(request, attempt, header);
        }
        if (status == 403 && json.isEmpty()) {
            Instant until = budget.pause(budget.now().plus(limits.cloudflarePause()), request.describe()
                    + " got a 403 that is not Pipedrive's JSON (Cloudflare blocks the API token after too many 429s"
                    + server(header) + ")");
            return failWith(new RetryLater("Cloudflare blocks Pipedrive calls until " + until, until));
        }
        if (status >= 500) {
            return failWith(retryOrGiveUp(request, attempt, "Pipedrive answered " + status, null));
        }
        if (status >= 200 && status < 300) {
            if (json.isEmpty()) {
                LOG.warn("{} answered {} with a body that is not JSON ({}); not retried, the event fails this attempt",
                        request.describe(), status, snippet(body));
                throw new PipedriveApiException(status, "the answer is not JSON", snippet(body));
            }
            if (json.get().has("success") && !PipedriveJson.flag(json.get(), "success")) {
                throw refused(request, status, json.get(), body);
            }
            return json.get();
        }
        throw refused(request, status, json.orElse(null), body);
    }

    /** No answer: the connection failed or the answer did not come in time. */
    RuntimeException noAnswer(PipedriveRequest request, int attempt, Exception failure) {
        String what = failure instanceof IOException ? describe(failure) : failure.toString();
        if (!request.idempotent() && !neverArrived(failure)) {
            LOG.warn("{} got no answer ({}); not repeated, as Pipedrive may have stored it: the event fails this"
                    + " attempt and is tried again later", request.describe(), what);
            return new PipedriveUnavailable(request.describe() + " got no answer: " + what, failure);
        }
        return retryOrGiveUp(request, attempt, "no answer from Pipedrive (" + what + ")", failure);
    }

    private RuntimeException tooManyRequests(PipedriveRequest request, int attempt, Function<String, String> header) {
        Long dailyRemaining = PipedriveBudget.number(header.apply("x-daily-ratelimit-token-remaining"));
        Optional<Duration> retryAfter = retryAfter(header.apply("retry-after"), budget.now());
        if (dailyRemaining != null && dailyRemaining <= 0) {
            Instant refill = retryAfter.map(wait -> budget.now().plus(wait)).orElseGet(this::nextDailyReset);
            Instant until = budget.pause(refill, request.describe() + " got 429: Pipedrive's daily API token budget for"
                    + " the company is spent (x-daily-ratelimit-token-remaining: 0)"
                    + (retryAfter.isPresent() ? "; Retry-After says when it refills" : "; it refills at midnight "
                    + limits.dailyResetZone()));
            return new RetryLater("Pipedrive's daily API budget is spent until " + until, until);
        }
        Optional<Duration> reset = Optional.ofNullable(PipedriveBudget.number(header.apply("x-ratelimit-reset")))
                .filter(seconds -> seconds >= 0).map(Duration::ofSeconds);
        Duration wait = retryAfter.or(() -> reset).map(PipedriveAnswers::withSmallJitter).orElseGet(() -> backoff(attempt));
        String source = retryAfter.isPresent() ? "Retry-After" : reset.isPresent() ? "x-ratelimit-reset" : "backoff";
        // every call waits, not only this one: the window is closed for all of them
        budget.holdBurstUntil(budget.now().plus(wait));
        if (attempt > limits.maxRetries() || wait.compareTo(limits.maxRetryDelay()) > 0) {
            Instant notBefore = budget.now().plus(wait);
            LOG.warn("{} got 429 (burst limit) on attempt {}; the event waits until {} ({})", request.describe(), attempt,
                    notBefore, source);
            return new RetryLater("Pipedrive's burst rate limit: try again after " + notBefore, notBefore);
        }
        LOG.warn("{} got 429 (burst limit); retry {} of {} in {} ms ({})", request.describe(), attempt, limits.maxRetries(),
                wait.toMillis(), source);
        return new PipedriveRetry("429 burst limit", wait);
    }

    private RuntimeException retryOrGiveUp(PipedriveRequest request, int attempt, String what, Throwable cause) {
        if (attempt > limits.maxRetries()) {
            LOG.warn("{} failed {} times, last with {}; giving up for now: the event fails this attempt and is tried"
                    + " again later", request.describe(), attempt, what);
            return new PipedriveUnavailable(request.describe() + ": " + what + " (after " + attempt + " attempts)", cause);
        }
        Duration wait = backoff(attempt);
        LOG.warn("{}: {}; retry {} of {} in {} ms", request.describe(), what, attempt, limits.maxRetries(), wait.toMillis());
        return new PipedriveRetry(what, wait);
    }

    private PipedriveApiException refused(PipedriveRequest request, int status, JsonNode json, byte[] body) {
        String error = json == null ? null : Json.text(json, "error").or(() -> Json.text(json, "message")).orElse(null);
        String errorInfo = json == null ? snippet(body) : Json.text(json, "error_info").orElse(null);
        if (status == 404) {
            PipedriveApiException notFound = request.notFound(error, errorInfo);
            LOG.info("{} answered 404 ({}); not retried", request.describe(), error == null ? "not found" : error);
            return notFound;
        }
        PipedriveApiException refused = new PipedriveApiException(status, error == null ? "no error message" : error, errorInfo);
        if (status == 401 || status == 402 || status == 403) {
            LOG.error("{} refused with {}: {}; not retried. Check pipedrive.api-token and the Pipedrive account (the"
                    + " event fails this attempt)", request.describe(), status, refused.getMessage());
        } else {
            LOG.warn("{} refused with {}: {}; not retried, the event fails this attempt", request.describe(), status,
                    refused.getMessage());
        }
        return refused;
    }

    /** Exponential from {@code firstRetryDelay}, capped, jittered over its upper half so parallel retries spread. */
    Duration backoff(int attempt) {
        long base = limits.firstRetryDelay().toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, limits.maxRetryDelay().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private Instant nextDailyReset() {
        ZonedDateTime now = budget.now().atZone(limits.dailyResetZone());
        LocalDate tomorrow = now.toLocalDate().plusDays(1);
        return tomorrow.atStartOfDay(limits.dailyResetZone()).toInstant();
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Long seconds = PipedriveBudget.number(value);
        if (seconds != null) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Up to a quarter second more, so that calls told the same reset do not all come back at once. */
    private static Duration withSmallJitter(Duration wait) {
        return wait.plusMillis(ThreadLocalRandom.current().nextLong(250));
    }

    /** The connection was never made, so the request cannot have reached Pipedrive. */
    private static boolean neverArrived(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String server(Function<String, String> header) {
        String server = header.apply("server");
        return server == null ? "" : "; server: " + server;
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body";
        }
        String text = new String(body, 0, Math.min(body.length, BODY_SNIPPET * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").trim();
        return text.length() > BODY_SNIPPET ? text.substring(0, BODY_SNIPPET) + "..." : text;
    }

    private static JsonNode failWith(RuntimeException e) {
        throw e;
    }
}
