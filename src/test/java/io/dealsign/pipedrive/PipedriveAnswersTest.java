package io.dealsign.pipedrive;

import io.dealsign.inbox.RetryLater;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each answer means, decided without the network, on a fixed clock. */
class PipedriveAnswersTest {

    private static final Instant NOW = Instant.parse("2026-03-10T15:30:00Z");
    private static final PipedriveRequest GET = PipedriveRequest.getDeal(42);
    private static final PipedriveRequest POST = PipedriveRequest.addNote(new NewNote(42, "<p>x</p>"));

    private final PipedriveBudget budget = new PipedriveBudget(Clock.fixed(NOW, ZoneOffset.UTC));
    private final PipedriveAnswers answers = new PipedriveAnswers(limits(ZoneId.of("UTC")), budget);

    @Test
    void should_treat_success_false_as_a_failure_even_with_status_200() {
        assertThatThrownBy(() -> answers.read(GET, 1, 200, headers(), body("{\"success\":false,\"error\":\"Nope\",\"error_info\":\"Info\"}")))
                .isInstanceOfSatisfying(PipedriveApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.error()).isEqualTo("Nope");
                    assertThat(e.errorInfo()).isEqualTo("Info");
                });
    }

    @Test
    void should_survive_non_json_error_bodies_keeping_a_snippet() {
        assertThatThrownBy(() -> answers.read(GET, 1, 400, headers(), body("<html><body>Bad gateway thing</body></html>")))
                .isInstanceOfSatisfying(PipedriveApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorInfo()).contains("Bad gateway thing");
                });
        assertThatThrownBy(() -> answers.read(GET, 1, 401, headers(), new byte[0])).isInstanceOf(PipedriveApiException.class);
        assertThatThrownBy(() -> answers.read(GET, 1, 200, headers(), body("not json"))).isInstanceOf(PipedriveApiException.class);
    }

    @Test
    void should_retry_a_5xx_with_html_body_while_attempts_are_left_then_give_up_as_unavailable() {
        assertThatThrownBy(() -> answers.read(GET, 1, 502, headers(), body("<html>502</html>")))
                .isInstanceOfSatisfying(PipedriveRetry.class, r -> assertThat(r.waitBefore()).isBetween(
                        Duration.ofMillis(500), Duration.ofMillis(1000)));
        assertThatThrownBy(() -> answers.read(GET, 4, 503, headers(), body("{}")))
                .isInstanceOf(PipedriveUnavailable.class).hasMessageContaining("503");
    }

    @Test
    void should_back_off_exponentially_up_to_the_longest_wait() {
        assertThat(answers.backoff(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(answers.backoff(3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        assertThat(answers.backoff(30)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void should_pause_until_the_next_midnight_of_the_reset_zone_when_the_daily_budget_is_spent_without_retry_after() {
        PipedriveBudget newYorkBudget = new PipedriveBudget(Clock.fixed(NOW, ZoneOffset.UTC));
        PipedriveAnswers newYork = new PipedriveAnswers(limits(ZoneId.of("America/New_York")), newYorkBudget);

        assertThatThrownBy(() -> answers.read(GET, 1, 429, headers("x-daily-ratelimit-token-remaining", "0"), body("{}")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z")));
        // 15:30 UTC is 11:30 in New York (EDT since 8 March): midnight there is 04:00 UTC
        assertThatThrownBy(() -> newYork.read(GET, 1, 429, headers("x-daily-ratelimit-token-remaining", "0"), body("{}")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isEqualTo(Instant.parse("2026-03-11T04:00:00Z")));
        assertThat(budget.status().pausedUntil()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
    }

    @Test
    void should_pause_as_long_as_retry_after_says_when_the_daily_budget_is_spent() {
        assertThatThrownBy(() -> answers.read(GET, 1, 429,
                headers("x-daily-ratelimit-token-remaining", "0", "Retry-After", "3600"), body("{\"success\":false}")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isEqualTo(NOW.plusSeconds(3600)));
    }

    @Test
    void should_read_retry_after_as_seconds_or_as_an_http_date() {
        assertThat(PipedriveAnswers.retryAfter("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(PipedriveAnswers.retryAfter("Tue, 10 Mar 2026 15:30:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(PipedriveAnswers.retryAfter("soon", NOW)).isEmpty();
        assertThat(PipedriveAnswers.retryAfter(null, NOW)).isEmpty();
    }

    @Test
    void should_wait_for_the_burst_reset_then_give_retry_later_when_attempts_run_out() {
        assertThatThrownBy(() -> answers.read(GET, 1, 429, headers("x-ratelimit-remaining", "0", "x-ratelimit-reset", "2"), body("{}")))
                .isInstanceOfSatisfying(PipedriveRetry.class, r -> assertThat(r.waitBefore())
                        .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2250)));
        assertThatThrownBy(() -> answers.read(GET, 4, 429, headers("x-ratelimit-reset", "2"), body("{}")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isAfterOrEqualTo(NOW.plusSeconds(2)));
        assertThat(budget.isPaused()).isFalse();
    }

    @Test
    void should_give_retry_later_at_once_when_a_429_announces_a_longer_wait_than_a_call_may_take() {
        assertThatThrownBy(() -> answers.read(GET, 1, 429, headers("x-ratelimit-reset", "45"), body("{}")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isAfterOrEqualTo(NOW.plusSeconds(45)));
    }

    @Test
    void should_hold_every_call_until_the_reset_when_an_answer_says_the_burst_window_is_used_up() {
        answers.read(GET, 1, 200, headers("x-ratelimit-limit", "20", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "2"),
                body("{\"success\":true,\"data\":{}}"));

        assertThat(budget.millisUntilBurstWindowOpens()).isEqualTo(2000);
        assertThat(budget.status().burstWindowOpensAt()).isEqualTo(NOW.plusSeconds(2));
        budget.refuseIfBurstWindowOpensAfter(GET, Duration.ofSeconds(30));
        assertThatThrownBy(() -> budget.refuseIfBurstWindowOpensAfter(GET, Duration.ofSeconds(1))).isInstanceOf(RetryLater.class);
        budget.resume();
        assertThat(budget.millisUntilBurstWindowOpens()).isZero();
    }

    @Test
    void should_pause_for_the_cloudflare_setting_on_a_403_that_is_not_json() {
        assertThatThrownBy(() -> answers.read(GET, 1, 403, headers("Server", "cloudflare"), body("<!DOCTYPE html><title>Attention Required!</title>")))
                .isInstanceOfSatisfying(RetryLater.class, r -> assertThat(r.notBefore()).isEqualTo(NOW.plus(Duration.ofMinutes(10))));
        assertThat(budget.status().pauseReason()).contains("Cloudflare", "deal 42");
        assertThatThrownBy(() -> budget.refuseWhilePaused(GET)).isInstanceOf(RetryLater.class);
    }

    @Test
    void should_treat_a_json_403_as_refused_without_pausing() {
        assertThatThrownBy(() -> answers.read(GET, 1, 403, headers(), body("{\"success\":false,\"error\":\"Forbidden\"}")))
                .isInstanceOfSatisfying(PipedriveApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        assertThat(budget.isPaused()).isFalse();
    }

    @Test
    void should_retry_a_post_only_when_the_connection_was_never_made() {
        assertThat(answers.noAnswer(POST, 1, new HttpHostConnectException("Connection refused"))).isInstanceOf(PipedriveRetry.class);
        assertThat(answers.noAnswer(POST, 1, new SocketTimeoutException("Read timed out"))).isInstanceOf(PipedriveUnavailable.class);
        assertThat(answers.noAnswer(GET, 1, new SocketTimeoutException("Read timed out"))).isInstanceOf(PipedriveRetry.class);
        assertThat(answers.noAnswer(GET, 4, new SocketTimeoutException("Read timed out"))).isInstanceOf(PipedriveUnavailable.class);
    }

    private static PipedriveLimits limits(ZoneId resetZone) {
        PipedriveLimits d = PipedriveLimits.defaults();
        return new PipedriveLimits(d.requestsPerPeriod(), d.period(), d.connectTimeout(), d.responseTimeout(), d.maxRetries(),
                d.firstRetryDelay(), d.maxRetryDelay(), d.cloudflarePause(), resetZone, d.filesPageSize());
    }

    private static Function<String, String> headers(String... pairs) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers::get;
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
