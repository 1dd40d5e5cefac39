package io.dealsign.dottedsign;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** 5xx and silence: retried with backoff, then a retryable failure; a create is never sent twice. */
class DottedSignFailuresTest {

    private static final int MAX_RETRIES = 8;
    private static DottedSignHarness dottedSign;
    private static long taskId;

    @BeforeAll
    static void start() {
        dottedSign = DottedSignHarness.start(Map.of(
                "dottedsign.retry.max-retries", String.valueOf(MAX_RETRIES),
                "dottedsign.retry.initial-delay", "20",
                "dottedsign.retry.max-delay", "100",
                "dottedsign.http.response-timeout", "300"));
        taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING));
    }

    @AfterAll
    static void stop() {
        dottedSign.close();
    }

    @BeforeEach
    void startWithAToken() {
        dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class);
        dottedSign.simulator.requests().clear();
    }

    @AfterEach
    void noMoreFaults() {
        dottedSign.simulator.faults().none();
    }

    private static List<RecordedRequest> reads() {
        return dottedSign.requests("GET", "/v1/sign_tasks/read");
    }

    @Test
    void should_retry_injected_500s_until_every_call_succeeds() {
        dottedSign.simulator.faults().errorRate(0.3);

        for (int i = 0; i < 30; i++) {
            assertThat(dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class).taskId()).isEqualTo(taskId);
        }

        assertThat(reads()).filteredOn(r -> r.status() == 200).hasSize(30);
        assertThat(reads()).filteredOn(r -> r.status() == 500).isNotEmpty();
        assertThat(reads()).extracting(RecordedRequest::status).containsOnly(200, 500);
    }

    @Test
    void should_throw_unavailable_soon_when_every_answer_is_500() {
        dottedSign.simulator.faults().errorRate(1.0);
        Instant before = Instant.now();

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class))
                .isInstanceOfSatisfying(DottedSignUnavailable.class,
                        unavailable -> assertThat(unavailable.getMessage()).contains("HTTP 500").contains("task " + taskId));

        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(reads()).hasSize(1 + MAX_RETRIES);
    }

    @Test
    void should_time_out_and_retry_when_dottedsign_never_answers() {
        dottedSign.simulator.faults().timeoutRate(1.0);
        Instant before = Instant.now();

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class))
                .isInstanceOfSatisfying(DottedSignUnavailable.class,
                        unavailable -> assertThat(unavailable.mayHaveBeenProcessed()).isTrue());

        // 1 + 8 attempts of 300 ms each, plus backoff: seconds, never the 30 s default nor a hang.
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void should_not_send_a_create_again_after_a_500_and_fail_as_unavailable() {
        dottedSign.simulator.faults().errorRate(1.0);

        assertThatThrownBy(() -> dottedSign.createTask(76))
                .isInstanceOfSatisfying(DottedSignUnavailable.class,
                        unavailable -> assertThat(unavailable.mayHaveBeenProcessed()).isTrue());

        assertThat(dottedSign.requests("POST", "/v1/sign_tasks")).hasSize(1);
        // It looked for a task created all the same (those lookups failed too).
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/list")).hasSize(1 + MAX_RETRIES);
    }

    @Test
    void should_take_the_task_created_despite_a_lost_answer_instead_of_creating_another() throws Exception {
        // DottedSign creates the task a second after the request, long after the client stopped waiting.
        dottedSign.simulator.faults().latency(Duration.ofSeconds(1));
        CompletableFuture<SignTask> create = CompletableFuture.supplyAsync(() -> dottedSign.createTask(77));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> tasksOfDeal(77).size() == 1);
        dottedSign.simulator.faults().latency(Duration.ZERO);

        SignTask created = create.get(10, TimeUnit.SECONDS);

        assertThat(created.taskId()).isEqualTo(tasksOfDeal(77).get(0).taskId());
        assertThat(tasksOfDeal(77)).hasSize(1);
        assertThat(dottedSign.requests("POST", "/v1/sign_tasks")).hasSize(1);
    }

    private static List<Task> tasksOfDeal(long dealId) {
        return dottedSign.simulator.tasks().stream()
                .filter(t -> String.valueOf(dealId).equals(t.metadata().get("pipedrive_deal_id"))).toList();
    }
}
