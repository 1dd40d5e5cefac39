package io.dealsign.dottedsign;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One throttle for every DottedSign request: a burst leaves at the configured pace. */
class DottedSignThrottleTest {

    private static final int REQUESTS = 4;
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static DottedSignHarness dottedSign;

    @BeforeAll
    static void start() {
        dottedSign = DottedSignHarness.start(Map.of(
                "dottedsign.rate-limit.requests", String.valueOf(REQUESTS),
                "dottedsign.rate-limit.period", String.valueOf(PERIOD.toMillis())));
    }

    @AfterAll
    static void stop() {
        dottedSign.close();
    }

    @Test
    void should_hold_a_burst_of_parallel_calls_to_the_configured_rate() throws Exception {
        long taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING));
        dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class);
        dottedSign.simulator.requests().clear();
        int burst = 12;
        ExecutorService threads = Executors.newFixedThreadPool(burst);
        try {
            List<CompletableFuture<SignTask>> calls = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class), threads));
            }
            for (CompletableFuture<SignTask> call : calls) {
                call.get(20, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<Instant> arrivals = dottedSign.requests("GET", "/v1/sign_tasks/read").stream()
                .map(RecordedRequest::receivedAt).sorted().toList();
        assertThat(arrivals).hasSize(burst);
        // No window of (almost) one period saw more than the allowed requests; the throttle counts when a
        // request leaves, the simulator when it arrives, so 20% of the period is spare for that jitter.
        Duration window = PERIOD.multipliedBy(4).dividedBy(5);
        for (int i = 0; i + REQUESTS < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i), arrivals.get(i + REQUESTS)))
                    .as("request %s and request %s", i, i + REQUESTS).isGreaterThanOrEqualTo(window);
        }
        // 12 requests at 4 per 500 ms: the last ones leave about two periods after the first.
        assertThat(Duration.between(arrivals.get(0), arrivals.get(burst - 1))).isGreaterThanOrEqualTo(PERIOD.multipliedBy(2).minus(PERIOD.dividedBy(5)));
    }
}
