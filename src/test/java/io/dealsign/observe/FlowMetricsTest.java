package io.dealsign.observe;

import io.dealsign.polling.PollingRoutes;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.SimulatorServer;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.dealsign.observe.BusinessMetrics.API_RATE_LIMITED;
import static io.dealsign.observe.BusinessMetrics.API_REQUESTS;
import static io.dealsign.observe.BusinessMetrics.DEALS_WON;
import static io.dealsign.observe.BusinessMetrics.EVENTS_PARKED;
import static io.dealsign.observe.BusinessMetrics.EVENTS_RECEIVED;
import static io.dealsign.observe.BusinessMetrics.FILES_ATTACHED;
import static io.dealsign.observe.BusinessMetrics.POLL_CYCLES;
import static io.dealsign.observe.BusinessMetrics.TASKS_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The business counters at /observe/metrics move by exactly what a flow did, as the simulators saw it:
 * a deal added and signed, 429s from both APIs, an event parked, poll cycles.
 */
class FlowMetricsTest {

    private static final Duration FLOW = Duration.ofSeconds(30);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_count_each_business_fact_of_a_signed_deal_once() {
        world = worlds.start(Map.of());
        Scrape before = Scrape.of(world.service());
        long pipedriveCallsBefore = apiRequests(world.pipedrive, r -> true);
        long dottedSignCallsBefore = apiRequests(world.dottedSign, r -> true);

        Deal deal = world.dealWithSigner("Metrics rollout");
        Task task = awaitTaskOf(deal.id());
        world.dottedSign.sign(task.taskId());
        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        await().atMost(FLOW).untilAsserted(() -> assertThat(
                Scrape.of(world.service()).since(before, FILES_ATTACHED + "_total")).isEqualTo(2.0));

        Scrape after = Scrape.of(world.service());
        assertThat(after.since(before, EVENTS_RECEIVED + "_total", "source", "pipedrive", "kind", "deal.added")).isEqualTo(1.0);
        assertThat(after.since(before, EVENTS_RECEIVED + "_total", "source", "dottedsign", "kind", "task.completed")).isEqualTo(1.0);
        assertThat(after.since(before, TASKS_SENT + "_total")).isEqualTo(1.0);
        assertThat(after.since(before, DEALS_WON + "_total")).isEqualTo(1.0);
        assertThat(after.since(before, FILES_ATTACHED + "_total")).isEqualTo(2.0);
        assertThat(after.sum(EVENTS_PARKED + "_total")).isZero();
        // Every HTTP request each simulator received is one counted attempt, no more, no fewer.
        assertThat(after.sum(API_REQUESTS + "_total", "api", "pipedrive") - before.sum(API_REQUESTS + "_total", "api", "pipedrive"))
                .isEqualTo(apiRequests(world.pipedrive, r -> true) - pipedriveCallsBefore);
        assertThat(after.sum(API_REQUESTS + "_total", "api", "dottedsign") - before.sum(API_REQUESTS + "_total", "api", "dottedsign"))
                .isEqualTo(apiRequests(world.dottedSign, r -> true) - dottedSignCallsBefore);
        // Camel's own route metrics are served next to them.
        assertThat(after.since(before, "camel_exchanges_succeeded_total", "camelContext", "dealsign-sync",
                "eventType", "route", "kind", "CamelRoute", "routeId", "deal-added")).isEqualTo(1.0);
    }

    @Test
    void should_count_every_429_per_api_as_the_simulators_sent_them() {
        world = worlds.start(Map.of("dottedsign.retry.initial-delay", "50"));
        Scrape before = Scrape.of(world.service());

        // Pipedrive: the company's daily budget is spent, so a poll cycle's first call meets a 429 (and pauses
        // Pipedrive calls). DottedSign: one request per second, so the list right after the token meets one.
        world.pipedrive.dailyBudget(1000).dailyBudgetRemaining(0);
        assertThatThrownBy(() -> world.poll(PollingRoutes.POLL_PIPEDRIVE)).hasStackTraceContaining("daily");
        world.dottedSign.rateLimit(1, Duration.ofSeconds(1));
        world.poll(PollingRoutes.POLL_DOTTEDSIGN);

        long pipedrive429s = apiRequests(world.pipedrive, FlowMetricsTest::tooManyForTheService);
        long dottedSign429s = apiRequests(world.dottedSign, FlowMetricsTest::tooManyForTheService);
        assertThat(pipedrive429s).as("Pipedrive 429s provoked").isPositive();
        assertThat(dottedSign429s).as("DottedSign 429s provoked").isPositive();
        Scrape after = Scrape.of(world.service());
        assertThat(after.since(before, API_RATE_LIMITED + "_total", "api", "pipedrive")).isEqualTo((double) pipedrive429s);
        assertThat(after.since(before, API_REQUESTS + "_total", "api", "pipedrive", "outcome", "429")).isEqualTo((double) pipedrive429s);
        assertThat(after.since(before, API_RATE_LIMITED + "_total", "api", "dottedsign")).isEqualTo((double) dottedSign429s);
        assertThat(after.since(before, POLL_CYCLES + "_total", "poller", "pipedrive", "outcome", "failed")).isEqualTo(1.0);
        assertThat(after.since(before, POLL_CYCLES + "_total", "poller", "dottedsign", "outcome", "ok")).isEqualTo(1.0);
    }

    private static boolean tooManyForTheService(RecordedRequest request) {
        return request.status() == 429 && "dealsign-sync".equals(request.header("User-Agent"));
    }

    @Test
    void should_count_a_parked_event_by_its_kind_and_poll_cycles_by_outcome() {
        world = worlds.start(Map.of("sync.inbox.max-attempts", "1", "pipedrive.retry.max-retries", "0"));
        Scrape before = Scrape.of(world.service());

        world.pipedrive.faults().errorRate(1.0);
        world.dealWithSigner("Doomed rollout");
        await().atMost(FLOW).untilAsserted(() -> assertThat(
                Scrape.of(world.service()).since(before, EVENTS_PARKED + "_total", "kind", "deal.added")).isEqualTo(1.0));
        assertThatThrownBy(() -> world.poll(PollingRoutes.POLL_PIPEDRIVE)).isNotNull();
        world.pipedrive.faults().none();
        world.poll(PollingRoutes.POLL_PIPEDRIVE);
        world.poll(PollingRoutes.POLL_DOTTEDSIGN);

        Scrape after = Scrape.of(world.service());
        assertThat(after.since(before, EVENTS_PARKED + "_total", "kind", "deal.added")).isEqualTo(1.0);
        assertThat(after.since(before, TASKS_SENT + "_total")).isZero();
        assertThat(after.since(before, API_REQUESTS + "_total", "api", "pipedrive", "outcome", "5xx")).isGreaterThanOrEqualTo(2.0);
        assertThat(after.since(before, POLL_CYCLES + "_total", "poller", "pipedrive", "outcome", "failed")).isEqualTo(1.0);
        assertThat(after.since(before, POLL_CYCLES + "_total", "poller", "pipedrive", "outcome", "ok")).isEqualTo(1.0);
        assertThat(after.since(before, POLL_CYCLES + "_total", "poller", "dottedsign", "outcome", "ok")).isEqualTo(1.0);
        // the Pipedrive poller found the deal that never got its contract and stored the event for it again
        assertThat(after.since(before, EVENTS_RECEIVED + "_total", "source", "poller", "kind", "deal.added")).isEqualTo(1.0);
    }

    private Task awaitTaskOf(long dealId) {
        await().atMost(FLOW).until(() -> world.binding(dealId) != null && world.binding(dealId).hasTask());
        List<Task> tasks = world.tasksOfDeal(dealId);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    /** The API requests (not the test's control requests) a simulator received that match. */
    static long apiRequests(SimulatorServer simulator, Predicate<RecordedRequest> filter) {
        return simulator.requests().all().stream()
                .filter(r -> !r.path().startsWith(SimulatorServer.CONTROL_PREFIX))
                .filter(filter)
                .count();
    }
}
