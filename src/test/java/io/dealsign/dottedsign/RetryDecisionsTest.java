package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When a failed call is sent again, and after how long. */
class RetryDecisionsTest {

    private static final DottedSignClientSettings SETTINGS = new DottedSignClientSettings(5, Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 2, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofHours(1), "");
    private static final HttpCall READ = HttpCall.get("/v1/sign_tasks/read", Map.of("task_id", "5"), 5L, "task 5");
    private static final HttpCall CREATE = HttpCall.post("/v1/sign_tasks", Map.of(), false, null, "deal 1");

    private final DottedSignRetries retries = new DottedSignRetries(SETTINGS);
    private final DottedSignRetries.State state = new DottedSignRetries.State();

    private static DottedSignUnavailable unavailable(boolean mayHaveBeenProcessed) {
        return new DottedSignUnavailable("HTTP 500", null, mayHaveBeenProcessed);
    }

    @Test
    void should_back_off_from_one_second_doubling_with_jitter_up_to_thirty_seconds() {
        for (int i = 0; i < 50; i++) {
            assertThat(retries.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(retries.backoff(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(retries.backoff(4)).isBetween(Duration.ofMillis(4000), Duration.ofMillis(8000));
            assertThat(retries.backoff(9)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            assertThat(retries.backoff(60)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void should_retry_a_5xx_a_few_times_then_stop() {
        assertThat(retries.decide(unavailable(true), READ, state)).isNotNull();
        assertThat(retries.decide(unavailable(true), READ, state)).isNotNull();
        assertThat(retries.decide(unavailable(true), READ, state)).isNotNull();
        assertThat(retries.decide(unavailable(true), READ, state)).isNull();
    }

    @Test
    void should_not_send_a_create_again_when_it_may_have_been_carried_out_but_should_when_it_surely_was_not() {
        assertThat(retries.decide(unavailable(true), CREATE, state)).isNull();
        assertThat(retries.decide(unavailable(false), CREATE, state)).isNotNull();
    }

    @Test
    void should_retry_a_refused_token_once_at_once() {
        DottedSignTokenRejected rejected = new DottedSignTokenRejected(401, 0, null, "401");

        assertThat(retries.decide(rejected, READ, state)).isEqualTo(Duration.ZERO);
        assertThat(retries.decide(rejected, READ, state)).isNull();
    }

    @Test
    void should_wait_out_retry_after_a_little_longer_and_give_up_when_it_is_too_long() {
        Instant now = Instant.now();
        DottedSignRateLimited brief = new DottedSignRateLimited("429", Duration.ofSeconds(2), now.plusSeconds(2));
        DottedSignRateLimited tooLong = new DottedSignRateLimited("429", Duration.ofMinutes(5), now.plusSeconds(300));

        assertThat(retries.decide(brief, READ, state)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
        assertThat(retries.decide(tooLong, READ, new DottedSignRetries.State())).isNull();
    }

    @Test
    void should_retry_429s_apart_from_5xx_up_to_their_own_limit() {
        DottedSignRateLimited limited = new DottedSignRateLimited("429", null, Instant.now());

        assertThat(retries.decide(limited, READ, state)).isNotNull();
        assertThat(retries.decide(unavailable(true), READ, state)).isNotNull();
        assertThat(retries.decide(limited, READ, state)).isNotNull();
        assertThat(retries.decide(limited, READ, state)).isNull();
    }

    @Test
    void should_never_retry_refusals_gone_tasks_a_spent_quota_or_other_retry_laters() {
        assertThat(retries.decide(new DottedSignApiException(400, 400417, "invalid_params", "x"), READ, state)).isNull();
        assertThat(retries.decide(new DottedSignTaskGone(5, 404, 404001, "task_not_found", "x"), READ, state)).isNull();
        assertThat(retries.decide(new DottedSignQuotaExhausted("x", Instant.now()), CREATE, state)).isNull();
        assertThat(retries.decide(new RetryLater("x", Instant.now()), READ, state)).isNull();
        assertThat(retries.decide(new IllegalStateException("x"), READ, state)).isNull();
    }
}
