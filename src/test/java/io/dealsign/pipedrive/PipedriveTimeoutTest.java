package io.dealsign.pipedrive;

import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.testing.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers that never come: the response timeout fires, reads are retried, posts are not repeated. */
class PipedriveTimeoutTest {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(500);

    private static PipedriveHarness pipedrive;

    @BeforeAll
    static void start() {
        pipedrive = PipedriveHarness.start(
                "pipedrive.http.response-timeout", String.valueOf(RESPONSE_TIMEOUT.toMillis()),
                "pipedrive.retry.max-retries", "2",
                "pipedrive.retry.first-delay", "50");
    }

    @AfterAll
    static void stop() {
        pipedrive.close();
    }

    @AfterEach
    void reset() {
        pipedrive.reset();
    }

    @Test
    void should_retry_a_read_that_gets_no_answer_then_fail_as_pipedrive_unavailable() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Silent")).id();
        pipedrive.sim.faults().timeoutRate(1.0);

        try (CapturedLogs logs = new CapturedLogs()) {
            long started = System.nanoTime();
            Throwable failure = pipedrive.failure(PipedriveApi.GET_DEAL, dealId);

            assertThat(failure).isInstanceOf(PipedriveUnavailable.class).hasMessageContaining("no answer");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(RESPONSE_TIMEOUT.multipliedBy(3));
            assertThat(logs.lines()).filteredOn(l -> l.contains("PipedriveAnswers") && l.contains("deal " + dealId))
                    .hasSize(3)
                    .anySatisfy(l -> assertThat(l).contains("retry 1 of 2"))
                    .anySatisfy(l -> assertThat(l).contains("retry 2 of 2"))
                    .anySatisfy(l -> assertThat(l).contains("failed 3 times"));
        }
    }

    @Test
    void should_not_repeat_a_note_whose_answer_never_came_as_it_may_have_been_stored() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Maybe noted")).id();
        pipedrive.sim.faults().timeoutRate(1.0);

        try (CapturedLogs logs = new CapturedLogs()) {
            Throwable failure = pipedrive.failure(PipedriveApi.ADD_NOTE, new NewNote(dealId, "<p>Signed</p>"));

            assertThat(failure).isInstanceOf(PipedriveUnavailable.class);
            assertThat(logs.lines()).filteredOn(l -> l.contains("PipedriveAnswers") && l.contains("deal " + dealId))
                    .singleElement().asString().contains("POST /api/v1/notes", "not repeated");
        }
    }

    @Test
    void should_answer_again_once_pipedrive_does() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Back")).id();
        pipedrive.sim.faults().latency(RESPONSE_TIMEOUT.dividedBy(5));

        assertThat(pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class).id()).isEqualTo(dealId);
    }
}
