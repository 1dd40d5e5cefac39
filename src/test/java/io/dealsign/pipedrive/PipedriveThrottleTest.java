package io.dealsign.pipedrive;

import io.dealsign.simulator.pipedrive.DealDraft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared throttle keeps a crowd of calls under Pipedrive's burst limit. */
class PipedriveThrottleTest {

    private static final int CALLS = 30;
    private static final int LIMIT = 4;
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private static PipedriveHarness pipedrive;

    @BeforeAll
    static void start() {
        pipedrive = PipedriveHarness.start(
                "pipedrive.rate-limit.requests", String.valueOf(LIMIT),
                "pipedrive.rate-limit.period", String.valueOf(WINDOW.toMillis()));
    }

    @AfterAll
    static void stop() {
        pipedrive.close();
    }

    @Test
    void should_get_30_simultaneous_calls_through_a_burst_limit_of_4_per_2_seconds_with_few_429s() throws Exception {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Popular")).id();
        pipedrive.sim.burstLimit(LIMIT, WINDOW);
        pipedrive.sim.requests().clear();

        ExecutorService flows = Executors.newFixedThreadPool(CALLS);
        try {
            List<Future<Deal>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(flows.submit(() -> pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class)));
            }
            for (Future<Deal> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS).id()).isEqualTo(dealId);
            }
        } finally {
            flows.shutdownNow();
        }

        // At least one answer per call: on a loaded machine a GET whose answer came after the client's
        // timeout is asked again, and both answers count here.
        assertThat(pipedrive.apiCallsAnswered(200)).isBetween((long) CALLS, CALLS + 3L);
        // Unthrottled, 26 of the 30 would be refused at once. The throttle alone cannot know where Pipedrive's
        // window starts; the answers' x-ratelimit-remaining/reset tell, so calls wait for the announced reset.
        assertThat(pipedrive.apiCallsAnswered(429)).isLessThanOrEqualTo(1);
    }
}
