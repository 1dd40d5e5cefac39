package io.dealsign.dottedsign;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The access token: fetched once, shared, refreshed once when refused, never shown. */
class DottedSignTokenTest {

    private static DottedSignHarness dottedSign;
    private static long taskId;

    @BeforeAll
    static void start() {
        dottedSign = DottedSignHarness.start();
        taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING));
    }

    @AfterAll
    static void stop() {
        dottedSign.close();
    }

    @BeforeEach
    void startFromAValidToken() {
        read();
        dottedSign.simulator.requests().clear();
    }

    @AfterEach
    void restoreSimulator() {
        dottedSign.simulator.clientCredentials(DottedSignHarness.CLIENT_ID, DottedSignHarness.CLIENT_SECRET);
        dottedSign.simulator.tokenLifetime(Duration.ofHours(2));
    }

    private static SignTask read() {
        return dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class);
    }

    @Test
    void should_reuse_one_token_for_many_calls() {
        for (int i = 0; i < 10; i++) {
            read();
        }
        dottedSign.call(DottedSignApi.FIND_TASKS_BY_DEAL, 1L, List.class);

        assertThat(dottedSign.tokenRequests()).isZero();
        List<RecordedRequest> reads = dottedSign.requests("GET", "/v1/sign_tasks/read");
        assertThat(reads).hasSize(10);
        assertThat(reads.stream().map(r -> r.header("Authorization")).distinct()).hasSize(1);
    }

    @Test
    void should_fetch_a_new_token_and_retry_once_when_dottedsign_says_invalid_token() {
        dottedSign.simulator.expireAllTokens();

        assertThat(read().taskId()).isEqualTo(taskId);

        assertThat(dottedSign.tokenRequests()).isEqualTo(1);
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/read")).extracting(RecordedRequest::status)
                .containsExactly(400, 200);
    }

    @Test
    void should_fetch_exactly_one_new_token_when_parallel_calls_all_find_theirs_expired() throws Exception {
        dottedSign.simulator.expireAllTokens();
        int parallel = 8;
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            CyclicBarrier together = new CyclicBarrier(parallel);
            List<CompletableFuture<SignTask>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    arriveTogether(together);
                    return read();
                }, threads));
            }

            for (CompletableFuture<SignTask> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).taskId()).isEqualTo(taskId);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(dottedSign.tokenRequests()).isEqualTo(1);
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/read")).filteredOn(r -> r.status() == 200).hasSize(parallel);
    }

    @Test
    void should_fetch_a_new_token_before_the_old_one_expires() {
        // A 4 s token is used for its first half: DottedSign never has to refuse it.
        dottedSign.simulator.tokenLifetime(Duration.ofSeconds(4));
        dottedSign.simulator.expireAllTokens();
        read();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> read() != null && dottedSign.tokenRequests() == 2);

        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/read")).extracting(RecordedRequest::status)
                .filteredOn(status -> status != 200).containsExactly(400);
    }

    @Test
    void should_refuse_wrong_client_credentials_once_with_a_hint_and_without_the_secret() {
        dottedSign.simulator.clientCredentials(DottedSignHarness.CLIENT_ID, "rotated-elsewhere");
        dottedSign.simulator.expireAllTokens();

        assertThatThrownBy(DottedSignTokenTest::read)
                .isInstanceOfSatisfying(DottedSignApiException.class, refused -> {
                    assertThat(refused.errorCode()).isEqualTo(400005);
                    assertThat(refused.getMessage()).contains("dottedsign.client-secret")
                            .doesNotContain(DottedSignHarness.CLIENT_SECRET);
                });
        // The refused call is retried once with a new token, whose request is refused: not retried again.
        assertThat(dottedSign.tokenRequests()).isEqualTo(1);
    }

    @Test
    void should_never_log_the_token_or_the_client_secret() {
        try (CapturedLogs logs = new CapturedLogs()) {
            dottedSign.simulator.expireAllTokens();
            read();
            dottedSign.simulator.clientCredentials(DottedSignHarness.CLIENT_ID, "rotated-elsewhere");
            dottedSign.simulator.expireAllTokens();
            assertThatThrownBy(DottedSignTokenTest::read).isInstanceOf(DottedSignApiException.class);

            Set<String> tokens = dottedSign.requests("GET", "/v1/sign_tasks/read").stream()
                    .map(r -> r.header("Authorization").substring("Bearer ".length()))
                    .collect(Collectors.toSet());
            assertThat(tokens).isNotEmpty();
            assertThat(logs.lines()).isNotEmpty().allSatisfy(line -> {
                assertThat(line).doesNotContain(DottedSignHarness.CLIENT_SECRET);
                tokens.forEach(token -> assertThat(line).doesNotContain(token));
            });
        }
    }

    private static void arriveTogether(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
