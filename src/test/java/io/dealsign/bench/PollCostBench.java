package io.dealsign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealChange;
import io.dealsign.simulator.RequestLog;
import io.dealsign.testing.SyncWorld;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * What one reconcile cycle costs as the accounts grow, for a fixed number of changes since the last cycle.
 *
 * <p>For each size N: a fresh service and simulators; N DottedSign tasks (last updated two days ago) and N
 * Pipedrive deals put straight into the simulators, webhooks off; a first cycle of each poller sets its
 * watermark ({@code sync.poll.first-look-back=PT0S}, so the seeded items are older); then, per measured cycle,
 * {@code --changes} tasks are completed and as many deals changed, and {@code POST /admin/api/poll/{api}}
 * runs one cycle of each poller. The table gives the API calls the cycle made (the list requests and any
 * token, read from the simulator's request log while the admin call ran) and the admin call's time.
 *
 * <p>The changed items start no work that would touch the accounts again: the tasks name deals that do not
 * exist and the deals meet no contract condition ({@code sync.contract.condition=false}), so the next
 * cycle sees only the next changes. Run it with {@code bench/poll-cost.sh}.
 */
public final class PollCostBench {

    private static final String USAGE = """
            Usage: bench/poll-cost.sh [--sizes 100,1000,10000] [--changes N] [--cycles N]
              --sizes LIST   tasks and deals in the accounts, one run per size (default 100,1000,10000)
              --changes N    tasks completed and deals changed before each measured cycle (default 10)
              --cycles N     measured cycles per size and API (default 3)""";
    private static final String ADMIN_TOKEN = "bench-admin-token";
    /** Deal ids far above any the Pipedrive simulator hands out: a completed task's deal is not found. */
    private static final long MISSING_DEAL_IDS_FROM = 900_000_000L;
    /** Pipedrive's update_time has whole seconds: a change in the watermark's second could look older. */
    private static final Duration NEXT_SECOND = Duration.ofMillis(1100);
    /**
     * The events a cycle stores run at once and call the APIs through the same throttles as the pollers: the
     * next cycle waits until they are done, or it would measure its wait for their turns (Pipedrive's 2 s window).
     */
    private static final Duration EVENTS_SETTLE = Duration.ofSeconds(3);

    private final BenchSupport support = new BenchSupport("poll-cost");
    private final List<Integer> sizes;
    private final int changes;
    private final int cycles;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Path workDirectory;
    private SyncWorld world;

    private PollCostBench(List<Integer> sizes, int changes, int cycles) {
        this.sizes = sizes;
        this.changes = changes;
        this.cycles = cycles;
    }

    public static void main(String[] args) {
        BenchSupport.main("poll-cost", USAGE, args, arguments -> {
            Map<String, String> o = BenchSupport.options(arguments, Set.of("--sizes", "--changes", "--cycles"));
            return new PollCostBench(BenchSupport.positiveList(o, "--sizes", List.of(100, 1000, 10000)),
                    BenchSupport.positive(o, "--changes", 10), BenchSupport.positive(o, "--cycles", 3))::run;
        });
    }

    /** One cycle of one poller: what the admin API answered, the calls it made, how long it took. */
    private record Cycle(String api, int size, int number, int pages, int itemsSeen, int eventsStored, long listCalls,
                         long tokenCalls, double millis, String load) {
    }

    private int run() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-close"));
        List<Cycle> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                results.addAll(measure(size));
            }
            System.out.println(table(results));
            boolean sawEveryChange = results.stream().filter(c -> c.number() > 0).allMatch(c -> c.itemsSeen() >= changes);
            if (!sawEveryChange) {
                support.fail("a measured cycle saw fewer changed items than were made; see the table");
                return BenchSupport.EXIT_FAILED;
            }
            return 0;
        } finally {
            close();
        }
    }

    private List<Cycle> measure(int size) {
        List<Cycle> results = new ArrayList<>();
        try {
            workDirectory = Files.createTempDirectory("poll-cost-");
            support.progress(size + " tasks and deals: starting both simulators and the service in " + workDirectory);
            world = SyncWorld.start(workDirectory, Map.of(
                    "sync.datasource.url", "jdbc:h2:file:" + workDirectory.resolve("db/sync").toAbsolutePath()
                            + ";DB_CLOSE_ON_EXIT=FALSE",
                    "sync.admin.token", ADMIN_TOKEN,
                    "sync.poll.first-look-back", "PT0S",
                    "sync.contract.condition", "false",
                    "sync.contract.missing-signer-note", "false",
                    "sync.inbox.first-retry-delay", "3600000",
                    "camel.main.shutdown-timeout", "5"));
            world.pipedrive.webhookDelivery(false);
            world.dottedSign.webhookDelivery(false);
            List<Deal> deals = world.pipedrive.seedDeals(size);
            Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
            List<SeedTask> seeds = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                seeds.add(SeedTask.withStatus(TaskStatus.WAITING).withFileName("Seeded contract " + i)
                        .withMetadata("pipedrive_deal_id", String.valueOf(MISSING_DEAL_IDS_FROM + i))
                        .withCreatedAt(twoDaysAgo.plusMillis(i)).withUpdatedAt(twoDaysAgo.plusMillis(i)));
            }
            List<Long> tasks = world.dottedSign.seed(seeds);
            support.progress("seeded; first cycles (they set the watermarks)");
            BenchSupport.sleep(NEXT_SECOND);
            results.add(cycle("dottedsign", size, 0));
            results.add(cycle("pipedrive", size, 0));
            for (int number = 1; number <= cycles; number++) {
                BenchSupport.sleep(EVENTS_SETTLE);
                for (int i = 0; i < changes; i++) {
                    int item = (number - 1) * changes + i;
                    world.dottedSign.sign(tasks.get(item % tasks.size()));
                    world.pipedrive.changeDeal(deals.get(item % deals.size()).id(), DealChange.title("Changed " + number));
                }
                BenchSupport.sleep(NEXT_SECOND);
                results.add(cycle("dottedsign", size, number));
                results.add(cycle("pipedrive", size, number));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
            closed.set(false);
        }
    }

    private Cycle cycle(String api, int size, int number) {
        RequestLog log = api.equals("dottedsign") ? world.dottedSign.requests() : world.pipedrive.requests();
        Predicate<RecordedRequest> list = api.equals("dottedsign")
                ? r -> r.path().equals("/v1/sign_tasks/list") && (r.query() == null || !r.query().contains("metadata_key"))
                : r -> r.method().equals("GET") && r.path().equals("/api/v2/deals");
        Predicate<RecordedRequest> token = r -> r.path().equals("/v1/oauth/token");
        String load = BenchSupport.load();
        Instant start = Instant.now();
        HttpResponse<String> answer = world.service().send(HttpRequest.newBuilder(URI.create(world.service().url("/admin/api/poll/" + api)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        Instant end = Instant.now();
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST /admin/api/poll/" + api + " answered " + answer.statusCode() + ": " + answer.body());
        }
        Predicate<RecordedRequest> during = r -> !r.receivedAt().isBefore(start) && !r.receivedAt().isAfter(end);
        JsonNode run;
        try {
            run = Json.parse(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (io.dealsign.json.InvalidJsonException e) {
            throw new IllegalStateException("the admin API's answer is not JSON: " + answer.body(), e);
        }
        JsonNode summary = run.has("data") ? run.get("data") : run;
        Cycle cycle = new Cycle(api, size, number, field(summary, "pagesRead", "pages_read"), field(summary, "itemsSeen", "items_seen"),
                field(summary, "eventsStored", "events_stored"), log.matching(during.and(list)).size(),
                log.matching(during.and(token)).size(), Duration.between(start, end).toNanos() / 1e6, load);
        support.progress(String.format("%s, %d items, cycle %d: %d list call(s), %d token call(s), %d changed item(s) seen, %.1f ms",
                api, size, number, cycle.listCalls(), cycle.tokenCalls(), cycle.itemsSeen(), cycle.millis()));
        return cycle;
    }

    private static int field(JsonNode node, String camel, String snake) {
        JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake);
        return value == null ? -1 : value.asInt();
    }

    private String table(List<Cycle> results) {
        StringBuilder t = new StringBuilder();
        t.append("\n## Poll cost: one reconcile cycle with ").append(changes).append(" changes, by account size\n\n");
        t.append("| Measure | Value |\n|---|---|\n");
        BenchSupport.machineRows(t);
        BenchSupport.row(t, "Service", "in-process (SyncWorld), H2 file database, default throttles and page size"
                + " (DottedSign 50 tasks per page, Pipedrive 500 deals per page); both simulators unlimited, same JVM");
        BenchSupport.row(t, "Cycle", "POST /admin/api/poll/{api}, timed from the request to the answer; cycle 0 sets the"
                + " watermark, cycles 1.." + cycles + " each follow " + changes + " completed tasks and " + changes + " changed deals");
        t.append("\n| API | Tasks / deals in the account | Cycle | List calls | Token calls | Changed items seen | Events stored | Time ms | Load avg (1 min) |\n");
        t.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Cycle c : results) {
            t.append(String.format("| %s | %,d | %s | %d | %d | %d | %d | %.1f | %s |%n", c.api(), c.size(),
                    c.number() == 0 ? "0 (first)" : String.valueOf(c.number()), c.listCalls(), c.tokenCalls(), c.itemsSeen(),
                    c.eventsStored(), c.millis(), c.load()));
        }
        return t.toString();
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            BenchSupport.close("poll-cost", world, workDirectory);
            world = null;
        }
    }
}
