package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.dottedsign.AccessTokens.AccessToken;
import io.dealsign.dottedsign.HttpCall.Target;
import io.dealsign.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The steps of one HTTP attempt ({@code direct:dottedsign-attempt}): what goes into the request, and what
 * the answer means. Every failure leaves as one of the client's exceptions, which the retry policy of
 * {@code direct:dottedsign-call} then acts on.
 */
final class DottedSignHttp {

    /** Exchange property: the {@link HttpCall} being made. */
    static final String CALL = "dottedsign.call";
    /** Exchange property: the {@link AccessToken} the attempt sent, so that a refusal forgets exactly it. */
    static final String TOKEN = "dottedsign.token";

    static final int QUOTA_SPENT = 403032;
    static final int INVALID_TOKEN = 400002;
    static final int INVALID_MEMBER = 400003;
    static final int TASK_DELETED = 400033;
    /** The simulator's (and, ASSUMED, DottedSign's) code for a path the API does not have. */
    static final int NO_SUCH_ENDPOINT = 404000;

    private final String baseUrl;
    private final AccessTokens tokens;
    private final DottedSignClientSettings clientSettings;
    private final Clock clock;

    DottedSignHttp(String baseUrl, AccessTokens tokens, DottedSignClientSettings clientSettings, Clock clock) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.clientSettings = clientSettings;
        this.clock = clock;
    }

    /**
     * Takes the call from the body and drops every header of the exchange, so nothing a caller carried
     * (an inbound webhook's {@code Authorization}, say) reaches DottedSign.
     */
    void begin(Exchange exchange) throws Exception {
        HttpCall call = exchange.getMessage().getMandatoryBody(HttpCall.class);
        exchange.setProperty(CALL, call);
        exchange.removeProperty(TOKEN);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
    }

    boolean isThrottled(Exchange exchange) {
        return call(exchange).target() != Target.FILE;
    }

    /** An API call gets the shared access token, fetched first if there is none. */
    void authorize(Exchange exchange) {
        HttpCall call = call(exchange);
        if (call.target() != Target.API) {
            return;
        }
        try {
            exchange.setProperty(TOKEN, tokens.current());
        } catch (DottedSignUnavailable e) {
            // The call itself was not sent, so it is safe to send it later whatever it is.
            throw new DottedSignUnavailable("no access token for " + call + ": " + e.getMessage(), e, false);
        }
    }

    void request(Exchange exchange) {
        HttpCall call = call(exchange);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, call.method());
        message.setHeader(Exchange.HTTP_URI, call.url(baseUrl));
        message.setHeader("Accept", call.target() == Target.FILE ? "application/pdf, */*" : "application/json");
        message.setHeader("User-Agent", "dealsign-sync");
        AccessToken token = exchange.getProperty(TOKEN, AccessToken.class);
        if (token != null) {
            message.setHeader("Authorization", token.bearer());
        }
        message.setBody(call.json() == null ? null
                : new ByteArrayEntity(Json.write(call.json()).getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
    }

    /** No answer: no connection (surely not carried out), or a timeout or a broken answer (maybe carried out). */
    void connectionFailed(Exchange exchange) {
        HttpCall call = call(exchange);
        exchange.getMessage().removeHeaders("*");
        IOException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IOException.class);
        boolean notSent = failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException
                || failure instanceof org.apache.hc.client5.http.ConnectTimeoutException;
        String what = failure == null ? "an I/O error" : failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")");
        throw new DottedSignUnavailable(call + " got no answer from DottedSign: " + what, failure, !notSent);
    }

    /** Turns the answer into the body (parsed JSON, or the file's bytes), or into the exception it means. */
    void response(Exchange exchange) {
        HttpCall call = call(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        byte[] body = message.getBody(byte[].class);
        message.removeHeaders("*");
        if (body == null) {
            body = new byte[0];
        }
        if (status >= 200 && status < 300) {
            message.setBody(call.target() == Target.FILE ? fileBytes(call, body) : json(call, status, body));
            return;
        }
        throw failure(call, exchange.getProperty(TOKEN, AccessToken.class), status, retryAfter, body);
    }

    private static byte[] fileBytes(HttpCall call, byte[] body) {
        if (body.length == 0) {
            throw new DottedSignUnavailable(call + ": the download link answered an empty file", null, false);
        }
        return body;
    }

    private static JsonNode json(HttpCall call, int status, byte[] body) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(body);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception notJson) {
            // answered below
        }
        // A proxy's page or a truncated answer: the request may have been carried out all the same.
        throw new DottedSignUnavailable(call + ": DottedSign answered HTTP " + status + " without a JSON object", null, true);
    }

    RuntimeException failure(HttpCall call, AccessToken token, int status, String retryAfterHeader, byte[] body) {
        ErrorBody error = ErrorBody.parse(body);
        String said = error.describe().isEmpty() ? "" : " " + error.describe();
        String answered = call + ": " + (call.target() == Target.FILE ? "the download link" : "DottedSign")
                + " answered HTTP " + status + said;
        if (status == 429) {
            Optional<Duration> retryAfter = retryAfter(retryAfterHeader, clock);
            Instant notBefore = clock.instant().plus(retryAfter.orElse(clientSettings.maxRetryDelay()));
            return new DottedSignRateLimited(answered + retryAfter.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse(""),
                    retryAfter.orElse(null), notBefore);
        }
        if (status >= 500) {
            return new DottedSignUnavailable(answered, null, true);
        }
        if (call.target() == Target.API
                && (status == 401 || error.hasCode(INVALID_TOKEN) || error.hasCode(INVALID_MEMBER))) {
            tokens.rejected(token);
            return new DottedSignTokenRejected(status, error.code(), error.key(), answered);
        }
        if (error.hasCode(QUOTA_SPENT)) {
            return new DottedSignQuotaExhausted(answered, clock.instant().plus(clientSettings.quotaWait()));
        }
        if (call.taskId() != null && call.target() == Target.API
                && (error.hasCode(TASK_DELETED) || (status == 404 && !error.hasCode(NO_SUCH_ENDPOINT)))) {
            return new DottedSignTaskGone(call.taskId(), status, error.code(), error.key(), answered);
        }
        if (call.target() == Target.TOKEN && (status == 400 || status == 401)) {
            return new DottedSignApiException(status, error.code(), error.key(), answered
                    + "; check dottedsign.client-id and dottedsign.client-secret (and dottedsign.scope if set)");
        }
        return new DottedSignApiException(status, error.code(), error.key(), answered);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; absent when missing or unreadable. */
    static Optional<Duration> retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    static HttpCall call(Exchange exchange) {
        return exchange.getProperty(CALL, HttpCall.class);
    }
}
