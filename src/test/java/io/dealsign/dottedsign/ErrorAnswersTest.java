package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What each error answer means, whatever its body; none of them crashes the client. */
class ErrorAnswersTest {

    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final HttpCall READ = HttpCall.get("/v1/sign_tasks/read", Map.of("task_id", "5"), 5L, "task 5");
    private static final HttpCall LIST = HttpCall.get("/v1/sign_tasks/list", Map.of(), null, "page 1");
    private static final HttpCall CREATE = HttpCall.post("/v1/sign_tasks", Map.of(), false, null, "deal 1");

    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final AccessTokens tokens = new AccessTokens(
            new DottedSignSettings("http://dottedsign", "id", "secret", "1", DottedSignSettings.SignatureMode.HEX), "",
            call -> {
                tokenFetches.incrementAndGet();
                return Json.read("{\"access_token\":\"t" + tokenFetches.get() + "\",\"expires_in\":7200}", JsonNode.class);
            }, CLOCK);
    private final DottedSignHttp http = new DottedSignHttp("http://dottedsign", tokens, DottedSignClientSettings.defaults(), CLOCK);

    private RuntimeException answer(HttpCall call, int status, String body) {
        return http.failure(call, null, status, null, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_treat_a_502_with_an_html_page_as_unavailable() {
        RuntimeException failure = answer(READ, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");

        assertThat(failure).isInstanceOfSatisfying(DottedSignUnavailable.class,
                unavailable -> assertThat(unavailable.mayHaveBeenProcessed()).isTrue());
        assertThat(failure.getMessage()).isEqualTo("GET /v1/sign_tasks/read for task 5: DottedSign answered HTTP 502");
    }

    @Test
    void should_treat_a_403_html_page_as_a_refusal_without_a_code() {
        RuntimeException failure = answer(LIST, 403, "<!DOCTYPE html><title>Attention Required! | Cloudflare</title>");

        assertThat(failure).isExactlyInstanceOf(DottedSignApiException.class);
        DottedSignApiException refused = (DottedSignApiException) failure;
        assertThat(refused.httpStatus()).isEqualTo(403);
        assertThat(refused.errorCode()).isZero();
        assertThat(refused.errorKey()).isNull();
    }

    @Test
    void should_survive_empty_missing_and_strange_bodies() {
        for (String body : new String[] {null, "", "null", "[1,2]", "{\"error_code\":\"not a number\"}", "\u0000\u0001",
                "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>"}) {
            assertThat(answer(LIST, 400, body)).isExactlyInstanceOf(DottedSignApiException.class)
                    .extracting(e -> ((DottedSignApiException) e).errorCode()).isEqualTo(0);
        }
    }

    @Test
    void should_read_an_error_code_given_as_a_string_and_a_multi_line_message_as_one_line() {
        RuntimeException failure = answer(LIST, 400,
                "{\"error_code\":\"400417\",\"error_key\":\"invalid_params\",\"error_message\":\"page\\nmust be positive\"}");

        assertThat(failure).isInstanceOfSatisfying(DottedSignApiException.class, refused -> {
            assertThat(refused.errorCode()).isEqualTo(400417);
            assertThat(refused.errorKey()).isEqualTo("invalid_params");
            assertThat(refused.getMessage()).endsWith("400417 invalid_params: page must be positive");
        });
    }

    @Test
    void should_take_401_invalid_token_and_invalid_member_as_a_refused_token_and_forget_exactly_that_token() {
        AccessTokens.AccessToken first = tokens.current();

        RuntimeException failure = http.failure(READ, first, 400, null,
                "{\"error_code\":400003,\"error_key\":\"invalid_member\"}".getBytes(StandardCharsets.UTF_8));
        AccessTokens.AccessToken second = tokens.current();
        http.failure(READ, first, 401, null, new byte[0]);

        assertThat(failure).isInstanceOf(DottedSignTokenRejected.class);
        assertThat(answer(READ, 401, "")).isInstanceOf(DottedSignTokenRejected.class);
        assertThat(answer(READ, 400, "{\"error_code\":400002}")).isInstanceOf(DottedSignTokenRejected.class);
        assertThat(second).isNotSameAs(first);
        // A late refusal of the old token does not throw away the new one.
        assertThat(tokens.current()).isSameAs(second);
        assertThat(tokenFetches).hasValue(2);
    }

    @Test
    void should_take_a_401_from_the_token_endpoint_as_wrong_credentials() {
        RuntimeException failure = answer(HttpCall.token(Map.of()), 401, "{\"error\":\"invalid_client\",\"error_description\":\"no\"}");

        assertThat(failure).isExactlyInstanceOf(DottedSignApiException.class);
        assertThat(failure.getMessage()).contains("invalid_client").contains("dottedsign.client-id");
    }

    @Test
    void should_hold_work_for_the_quota_wait_when_the_monthly_quota_is_spent() {
        RuntimeException failure = answer(CREATE, 403, "{\"error_code\":403032,\"error_key\":\"over_monthly_task_usage\"}");

        assertThat(failure).isInstanceOfSatisfying(DottedSignQuotaExhausted.class,
                quota -> assertThat(quota.notBefore()).isEqualTo(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void should_say_task_gone_for_404_and_task_deleted_but_not_for_a_missing_endpoint_or_a_call_about_no_task() {
        assertThat(answer(READ, 404, "{\"error_code\":404001,\"error_key\":\"task_not_found\"}"))
                .isInstanceOfSatisfying(DottedSignTaskGone.class, gone -> assertThat(gone.taskId()).isEqualTo(5));
        assertThat(answer(READ, 404, "not json")).isInstanceOf(DottedSignTaskGone.class);
        assertThat(answer(READ, 400, "{\"error_code\":400033,\"error_key\":\"task_deleted\"}")).isInstanceOf(DottedSignTaskGone.class);
        assertThat(answer(READ, 404, "{\"error_code\":404000,\"error_key\":\"not_found\"}"))
                .isExactlyInstanceOf(DottedSignApiException.class);
        assertThat(answer(LIST, 404, "")).isExactlyInstanceOf(DottedSignApiException.class);
    }

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date_and_ignore_anything_else() {
        RuntimeException limited = http.failure(READ, null, 429, "7", new byte[0]);

        assertThat(limited).isInstanceOfSatisfying(DottedSignRateLimited.class, rateLimited -> {
            assertThat(rateLimited.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(rateLimited.notBefore()).isEqualTo(NOW.plusSeconds(7));
        });
        assertThat(DottedSignHttp.retryAfter("Mon, 04 May 2026 10:00:30 GMT", CLOCK)).contains(Duration.ofSeconds(30));
        assertThat(DottedSignHttp.retryAfter("Mon, 04 May 2026 09:00:00 GMT", CLOCK)).contains(Duration.ZERO);
        assertThat(DottedSignHttp.retryAfter("-3", CLOCK)).contains(Duration.ZERO);
        assertThat(DottedSignHttp.retryAfter("soon", CLOCK)).isEmpty();
        assertThat(DottedSignHttp.retryAfter(null, CLOCK)).isEmpty();
    }

    @Test
    void should_hold_rate_limited_work_for_the_longest_backoff_when_there_is_no_retry_after() {
        RuntimeException limited = http.failure(READ, null, 429, null, "<html>slow down</html>".getBytes(StandardCharsets.UTF_8));

        assertThat(limited).isInstanceOfSatisfying(DottedSignRateLimited.class, rateLimited -> {
            assertThat(rateLimited.retryAfter()).isEmpty();
            assertThat(rateLimited.notBefore()).isEqualTo(NOW.plusSeconds(30));
        });
    }

    @Test
    void should_name_a_download_link_without_showing_it() {
        HttpCall file = HttpCall.file("https://bucket.s3.amazonaws.com/x.pdf?X-Amz-Signature=abc", 5, "task 5 (completed)");

        RuntimeException failure = answer(file, 403, "<Error><Code>AccessDenied</Code></Error>");

        assertThat(failure.getMessage()).isEqualTo("GET the download link for task 5 (completed): the download link answered HTTP 403")
                .doesNotContain("X-Amz");
    }
}
