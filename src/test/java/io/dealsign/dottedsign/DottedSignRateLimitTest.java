package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.testing.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** 429: Retry-After honoured, backoff without it, then RetryLater; and httpclient5 never retries on its own. */
class DottedSignRateLimitTest {

    private static DottedSignHarness dottedSign;
    private static long taskId;

    @BeforeAll
    static void start() {
        dottedSign = DottedSignHarness.start(Map.of(
                "dottedsign.retry.initial-delay", "20",
                "dottedsign.retry.max-delay", "1500",
                "dottedsign.retry.max-rate-limit-retries", "5"));
        taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING));
    }

    @AfterAll
    static void stop() {
        dottedSign.close();
    }

    @BeforeEach
    void startWithAToken() {
        read();
        dottedSign.simulator.requests().clear();
    }

    @AfterEach
    void liftTheLimit() {
        dottedSign.simulator.unlimitedRate().retryAfterHeader(true);
    }

    private static SignTask read() {
        return dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class);
    }

    private static List<RecordedRequest> reads() {
        return dottedSign.requests("GET", "/v1/sign_tasks/read");
    }

    @Test
    void should_wait_for_retry_after_then_succeed_and_see_every_429_itself() {
        dottedSign.simulator.retryAfterHeader(true).rateLimit(2, Duration.ofSeconds(1));
        try (CapturedLogs logs = new CapturedLogs()) {

            for (int i = 0; i < 4; i++) {
                assertThat(read().taskId()).isEqualTo(taskId);
            }

            List<RecordedRequest> reads = reads();
            long limited = reads.stream().filter(r -> r.status() == 429).count();
            assertThat(limited).isPositive();
            for (int i = 0; i < reads.size() - 1; i++) {
                if (reads.get(i).status() == 429) {
                    assertThat(Duration.between(reads.get(i).receivedAt(), reads.get(i + 1).receivedAt()))
                            .as("wait after the 429 at %s (Retry-After: 1)", i).isGreaterThanOrEqualTo(Duration.ofMillis(950));
                }
            }
            // Each 429 reached the retry policy: none was retried unseen inside httpclient5.
            assertThat(logs.lines()).filteredOn(line -> line.contains("answered HTTP 429") && line.contains("retry "))
                    .hasSize((int) limited);
        }
    }

    @Test
    void should_back_off_exponentially_without_retry_after_and_then_succeed() {
        dottedSign.simulator.retryAfterHeader(false).rateLimit(1, Duration.ofMillis(150));

        for (int i = 0; i < 3; i++) {
            assertThat(read().taskId()).isEqualTo(taskId);
        }

        List<RecordedRequest> reads = reads();
        assertThat(reads).filteredOn(r -> r.status() == 200).hasSize(3);
        int retry = 0;
        for (int i = 0; i < reads.size() - 1; i++) {
            if (reads.get(i).status() == 429) {
                retry++;
                long lowestBackoff = (20L << (retry - 1)) / 2;
                assertThat(Duration.between(reads.get(i).receivedAt(), reads.get(i + 1).receivedAt()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(lowestBackoff - 5));
            } else {
                retry = 0;
            }
        }
    }

    @Test
    void should_throw_retry_later_after_a_few_429s_without_retry_after() {
        dottedSign.simulator.retryAfterHeader(false).rateLimit(1, Duration.ofSeconds(30));
        read();
        Instant before = Instant.now();

        assertThatThrownBy(DottedSignRateLimitTest::read)
                .isInstanceOfSatisfying(DottedSignRateLimited.class, limited -> {
                    assertThat(limited).isInstanceOf(RetryLater.class);
                    assertThat(limited.retryAfter()).isEmpty();
                    assertThat(limited.notBefore()).isCloseTo(before.plusMillis(1500), within(Duration.ofSeconds(2)));
                });

        assertThat(reads()).extracting(RecordedRequest::status).containsExactly(200, 429, 429, 429, 429, 429, 429);
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void should_hand_a_long_retry_after_to_the_caller_at_once() {
        dottedSign.simulator.retryAfterHeader(true).rateLimit(1, Duration.ofSeconds(60));
        read();
        Instant before = Instant.now();

        assertThatThrownBy(DottedSignRateLimitTest::read)
                .isInstanceOfSatisfying(DottedSignRateLimited.class, limited -> {
                    assertThat(limited.retryAfter()).hasValueSatisfying(wait ->
                            assertThat(wait).isGreaterThan(Duration.ofSeconds(50)));
                    assertThat(limited.notBefore()).isAfter(before.plusSeconds(50));
                });

        assertThat(reads()).extracting(RecordedRequest::status).containsExactly(200, 429);
    }
}
