package io.dealsign.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.function.Supplier;

/**
 * Every business metric the service exports at {@code /observe/metrics}, by name, and the one-line hooks
 * that count them. Each fact is counted where it becomes true, in Java (the API clients, the inbox, the
 * pollers), so that editing a YAML flow can never lose or double a count:
 *
 * <pre>
 * dealsign_events_received_total{source, kind}   an event stored in the inbox (source: pipedrive or dottedsign
 *                                                 for webhooks, poller for reconciliation); duplicates not counted
 * dealsign_events_parked_total{kind}             an event parked after its last attempt (alert on any increase)
 * dealsign_tasks_sent_total                      DottedSign created a contract task and sent it for signing
 * dealsign_deals_won_total                       Pipedrive accepted a deal update that leaves the deal won
 * dealsign_deals_lost_total                      ... that leaves the deal lost
 * dealsign_files_attached_total                  Pipedrive accepted a signed file upload
 * dealsign_api_requests_total{api, outcome}      every HTTP attempt: outcome 2xx, 4xx, 429, 5xx or no_answer
 * dealsign_api_rate_limited_total{api}           the 429s among them
 * dealsign_poll_cycles_total{poller, outcome}    a poll cycle: outcome ok, failed or skipped (no credentials)
 * dealsign_api_reachable{api}                    1 while the API answers, 0 after consecutive failures (ApiReachability)
 * </pre>
 *
 * Tags are low-cardinality by design: never a deal, task or event id. The counters live in Micrometer's
 * global registry, which is how code that cannot be handed a registry (the inbox, the pollers) records into
 * it; {@link ObserveConfiguration} adds the service's Prometheus registry to it while the service runs.
 */
public final class BusinessMetrics {

    public static final String PREFIX = "dealsign_";
    public static final String EVENTS_RECEIVED = PREFIX + "events_received";
    public static final String EVENTS_PARKED = PREFIX + "events_parked";
    public static final String TASKS_SENT = PREFIX + "tasks_sent";
    public static final String DEALS_WON = PREFIX + "deals_won";
    public static final String DEALS_LOST = PREFIX + "deals_lost";
    public static final String FILES_ATTACHED = PREFIX + "files_attached";
    public static final String API_REQUESTS = PREFIX + "api_requests";
    public static final String API_RATE_LIMITED = PREFIX + "api_rate_limited";
    public static final String POLL_CYCLES = PREFIX + "poll_cycles";
    public static final String API_REACHABLE = PREFIX + "api_reachable";

    public static final String PIPEDRIVE = "pipedrive";
    public static final String DOTTEDSIGN = "dottedsign";

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;

    private BusinessMetrics() {
    }

    /** Registers the counters without tags, so that they are exported as 0 before the first event. */
    static void registerFixedCounters() {
        counter(TASKS_SENT, "DottedSign contract tasks created and sent for signing");
        counter(DEALS_WON, "Deals marked won in Pipedrive");
        counter(DEALS_LOST, "Deals marked lost in Pipedrive");
        counter(FILES_ATTACHED, "Signed files attached to deals in Pipedrive");
        for (String api : new String[] {PIPEDRIVE, DOTTEDSIGN}) {
            Counter.builder(API_RATE_LIMITED).description("API answers 429 Too Many Requests").tag("api", api)
                    .register(REGISTRY);
        }
    }

    /** The inbox stored a new event (not a redelivery). */
    public static void eventReceived(String source, String kind) {
        Counter.builder(EVENTS_RECEIVED).description("Events stored in the inbox, by source and kind")
                .tag("source", source).tag("kind", kind).register(REGISTRY).increment();
    }

    /** The inbox parked an event after its last attempt. */
    public static void eventParked(String kind) {
        Counter.builder(EVENTS_PARKED).description("Events parked after their last attempt, by kind")
                .tag("kind", kind).register(REGISTRY).increment();
    }

    public static void taskCreated() {
        counter(TASKS_SENT, "DottedSign contract tasks created and sent for signing").increment();
    }

    public static void fileAttached() {
        counter(FILES_ATTACHED, "Signed files attached to deals in Pipedrive").increment();
    }

    /** Pipedrive accepted an update of a deal and answered with the deal in this status. */
    public static void dealUpdated(String status) {
        if ("won".equals(status)) {
            counter(DEALS_WON, "Deals marked won in Pipedrive").increment();
        } else if ("lost".equals(status)) {
            counter(DEALS_LOST, "Deals marked lost in Pipedrive").increment();
        }
    }

    /** One HTTP attempt to an API got an answer with this status. */
    public static void apiAnswered(String api, int status) {
        if (status < 100) {
            apiNoAnswer(api);
            return;
        }
        apiRequest(api, status == 429 ? "429" : (status / 100) + "xx");
        if (status == 429) {
            Counter.builder(API_RATE_LIMITED).description("API answers 429 Too Many Requests").tag("api", api)
                    .register(REGISTRY).increment();
        }
    }

    /** One HTTP attempt to an API got no answer (no connection, a timeout, a broken answer). */
    public static void apiNoAnswer(String api) {
        apiRequest(api, "no_answer");
    }

    /**
     * Runs one poll cycle and counts it as {@code ok}, or as {@code failed} when it throws (which is
     * rethrown as it is).
     */
    public static <T> T pollCycle(String poller, Supplier<T> cycle) {
        try {
            T summary = cycle.get();
            pollCycleEnded(poller, "ok");
            return summary;
        } catch (RuntimeException e) {
            pollCycleEnded(poller, "failed");
            throw e;
        }
    }

    /** A poll cycle that did not run because its API has no credentials. */
    public static void pollCycleSkipped(String poller) {
        pollCycleEnded(poller, "skipped");
    }

    private static void pollCycleEnded(String poller, String outcome) {
        Counter.builder(POLL_CYCLES).description("Poll cycles, by poller and outcome")
                .tag("poller", poller).tag("outcome", outcome).register(REGISTRY).increment();
    }

    private static void apiRequest(String api, String outcome) {
        Counter.builder(API_REQUESTS).description("HTTP attempts to the APIs, by API and outcome")
                .tag("api", api).tag("outcome", outcome).register(REGISTRY).increment();
    }

    private static Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(REGISTRY);
    }
}
