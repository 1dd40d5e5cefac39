package io.dealsign.pipedrive;

import io.dealsign.inbox.RetryLater;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.testing.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Pipedrive's 429s (burst and daily budget) and Cloudflare's 403, against the simulator over HTTP. */
class PipedriveRateLimitTest {

    private static PipedriveHarness pipedrive;

    @BeforeAll
    static void start() {
        pipedrive = PipedriveHarness.start("pipedrive.cloudflare.pause", "1500");
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
    void should_wait_for_x_ratelimit_reset_after_a_burst_429_without_retry_after_and_then_succeed() throws Exception {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Busy")).id();
        pipedrive.sim.burstLimit(2, Duration.ofSeconds(1));
        anotherClientUsesUpTheWindow(dealId, 2);

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class).id()).isEqualTo(dealId);

            assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(200, 200, 429, 200);
            assertThat(gapAfterThe429()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(logs.lines()).filteredOn(l -> l.contains("got 429 (burst limit)"))
                    .singleElement().asString().contains("(x-ratelimit-reset)", "deal " + dealId);
        }
    }

    @Test
    void should_wait_for_retry_after_after_a_burst_429_and_then_succeed_without_a_hidden_client_retry() throws Exception {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Busy too")).id();
        pipedrive.sim.burstLimit(2, Duration.ofSeconds(1)).retryAfterHeader(true);
        anotherClientUsesUpTheWindow(dealId, 2);

        try (CapturedLogs logs = new CapturedLogs()) {
            pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class);

            // httpclient5's own retry would have sent the refused request a second time at once
            assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(200, 200, 429, 200);
            assertThat(gapAfterThe429()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(logs.contains("(Retry-After)")).isTrue();
        }
    }

    @Test
    void should_wait_for_the_reset_when_an_answer_says_the_burst_window_is_used_up_instead_of_meeting_a_429() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Counting")).id();
        pipedrive.sim.burstLimit(2, Duration.ofSeconds(1));

        for (int i = 0; i < 5; i++) {
            assertThat(pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class).id()).isEqualTo(dealId);
        }

        List<RecordedRequest> calls = pipedrive.apiCalls();
        assertThat(calls).extracting(RecordedRequest::status).containsOnly(200).hasSize(5);
        // two per window: the third and the fifth waited for a new window
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(2).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(calls.get(2).receivedAt(), calls.get(4).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void should_postpone_with_retry_later_without_calling_when_the_burst_window_reopens_later_than_a_call_may_wait() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Slow window")).id();
        pipedrive.sim.burstLimit(1, Duration.ofSeconds(60));
        pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class);

        long started = System.nanoTime();
        Throwable failure = pipedrive.failure(PipedriveApi.GET_DEAL, dealId);

        assertThat(failure).isInstanceOf(RetryLater.class);
        assertThat(((RetryLater) failure).notBefore()).isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(200);
        assertThat(pipedrive.budget().status().burstWindowOpensAt()).isEqualTo(((RetryLater) failure).notBefore());
        assertThat(pipedrive.budget().isPaused()).isFalse();
    }

    @Test
    void should_pause_every_call_until_midnight_utc_when_the_daily_budget_is_spent_logging_it_once() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Over budget")).id();
        pipedrive.sim.dailyBudget(30_000).dailyBudgetRemaining(0).retryAfterHeader(true);

        try (CapturedLogs logs = new CapturedLogs()) {
            Throwable first = pipedrive.failure(PipedriveApi.GET_DEAL, dealId);
            List<Throwable> later = List.of(
                    pipedrive.failure(PipedriveApi.GET_DEAL, dealId),
                    pipedrive.failure(PipedriveApi.ADD_NOTE, new NewNote(dealId, "<p>x</p>")),
                    pipedrive.failure(PipedriveApi.UPDATE_DEAL, DealUpdate.won(dealId)),
                    pipedrive.failure(PipedriveApi.LIST_DEAL_FILES, dealId));

            Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            assertThat(first).isInstanceOf(RetryLater.class);
            assertThat(((RetryLater) first).notBefore()).isCloseTo(midnight, within(Duration.ofSeconds(5)));
            assertThat(later).allSatisfy(f -> {
                assertThat(f).isInstanceOf(RetryLater.class);
                assertThat(((RetryLater) f).notBefore()).isEqualTo(((RetryLater) first).notBefore());
            });
            // one 429, then nothing reaches Pipedrive (and httpclient5 did not repeat the 429 on its own)
            assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(429);
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("ERROR") && l.contains("paused until"))
                    .singleElement().asString().contains("daily API token budget", "deal " + dealId);
            PipedriveBudget.Status status = pipedrive.budget().status();
            assertThat(status.paused()).isTrue();
            assertThat(status.pausedUntil()).isEqualTo(((RetryLater) first).notBefore());
            assertThat(status.pauseReason()).contains("daily API token budget");
            assertThat(status.dailyTokensRemaining()).isZero();
        }

        pipedrive.sim.resetDailyBudget();
        pipedrive.budget().resume();
        assertThat(pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class).id()).isEqualTo(dealId);
    }

    @Test
    void should_pause_every_call_after_cloudflare_html_403_and_resume_when_the_pause_is_over() throws Exception {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Blocked")).id();
        // another client of the same token ignored a 429, so Cloudflare blocks the token for a second
        pipedrive.sim.cloudflareEscalation(1, Duration.ofSeconds(1)).burstLimit(1, Duration.ofSeconds(60));
        assertThat(List.of(rawGet(dealId), rawGet(dealId), rawGet(dealId))).containsExactly(200, 429, 403);
        pipedrive.sim.burstLimit(0, Duration.ofSeconds(2));
        pipedrive.sim.requests().clear();

        try (CapturedLogs logs = new CapturedLogs()) {
            Throwable first = pipedrive.failure(PipedriveApi.GET_DEAL, dealId);
            Throwable second = pipedrive.failure(PipedriveApi.GET_PERSON, 1L);

            assertThat(first).isInstanceOf(RetryLater.class);
            // the 1.5 s pause, rounded up to a whole second
            assertThat(((RetryLater) first).notBefore()).isBetween(Instant.now().plusMillis(1000), Instant.now().plusMillis(2600));
            assertThat(second).isInstanceOf(RetryLater.class);
            assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(403);
            assertThat(pipedrive.budget().status().pauseReason()).contains("Cloudflare");
            assertThat(logs.lines()).filteredOn(l -> l.contains("paused until")).singleElement().asString()
                    .startsWith("ERROR").contains("Cloudflare", "deal " + dealId);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class).id() == dealId);
            assertThat(logs.contains("Pipedrive calls resume")).isTrue();
            assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::status).containsExactly(403, 200);
        }
    }

    @Test
    void should_expose_the_last_seen_budget_and_burst_headers_in_the_registry() {
        long dealId = pipedrive.sim.createDeal(DealDraft.titled("Counted")).id();
        pipedrive.sim.dailyBudget(1000).burstLimit(10, Duration.ofSeconds(2));

        pipedrive.call(PipedriveApi.GET_DEAL, dealId, Deal.class);

        PipedriveBudget.Status status = pipedrive.budget().status();
        assertThat(status.paused()).isFalse();
        assertThat(status.dailyTokensRemaining()).isEqualTo(pipedrive.sim.dailyBudgetRemaining());
        assertThat(status.burstLimit()).isEqualTo(10);
        assertThat(status.burstRemaining()).isEqualTo(9);
        assertThat(status.lastAnswerAt()).isNotNull();
    }

    /** Time between the 429 and the request after it. */
    private static Duration gapAfterThe429() {
        List<RecordedRequest> calls = pipedrive.apiCalls();
        for (int i = 0; i + 1 < calls.size(); i++) {
            if (calls.get(i).status() == 429) {
                return Duration.between(calls.get(i).receivedAt(), calls.get(i + 1).receivedAt());
            }
        }
        throw new AssertionError("no request after a 429 in " + calls);
    }

    /** Another integration with the same token: its requests count in the same burst window. */
    private static void anotherClientUsesUpTheWindow(long dealId, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            assertThat(rawGet(dealId)).isEqualTo(200);
        }
    }

    private static int rawGet(long dealId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipedrive.sim.baseUrl() + "/api/v2/deals/" + dealId))
                .header("x-api-token", PipedriveHarness.TOKEN).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
