package io.dealsign.bench;

import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * How long the two flows take from the webhook to their effect, with nothing in their way: both
 * simulators unlimited, the service on its default throttles, events paced below them (a completed
 * task costs about 6 Pipedrive calls and 3 to 5 DottedSign calls: at 2 a second they would queue
 * behind the throttles, and the figure would be the queue, not the flow).
 *
 * <ul>
 *   <li>deal added: the service stores the Pipedrive webhook ({@code inbox_event.received_at}) until
 *       DottedSign has created the task ({@code created_at} of the simulator's task);</li>
 *   <li>task completed: the service stores DottedSign's {@code completed} webhook until it records the
 *       deal's last signed file as attached to the deal ({@code signed_file.attached_at}).</li>
 * </ul>
 * The service, the simulators and this bench share one JVM and one clock. A warm-up of a few deals
 * through both flows runs first and is not counted. Run it with {@code bench/end-to-end-latency.sh}.
 */
public final class EndToEndLatencyBench {

    private static final String USAGE = """
            Usage: bench/end-to-end-latency.sh [--deals N] [--deal-interval-ms N] [--completion-interval-ms N] [--warmup N]
              --deals N                   deals measured through both flows (default 100)
              --deal-interval-ms N        between two deals added (default 1000: 2 DottedSign calls a deal; at 500 the
                                          5/s DottedSign throttle makes a few deals wait for a turn)
              --completion-interval-ms N  between two tasks completed (default 1500: about 6 Pipedrive calls a task,
                                          the Pipedrive throttle allows 8/s)
              --warmup N                  deals through both flows first, not measured (default 10)
              --time-limit-minutes N      stop after N minutes (default 15)""";
    /** The files sync.archive.file-types attaches by default: the signed PDF and the audit trail. */
    private static final int FILES_PER_COMPLETED_TASK = 2;

    private final BenchSupport support = new BenchSupport("end-to-end-latency");
    private final int deals;
    private final Duration dealInterval;
    private final Duration completionInterval;
    private final int warmup;
    private final Instant deadline;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Path workDirectory;
    private SyncWorld world;

    private EndToEndLatencyBench(int deals, Duration dealInterval, Duration completionInterval, int warmup, Duration timeLimit) {
        this.deals = deals;
        this.dealInterval = dealInterval;
        this.completionInterval = completionInterval;
        this.warmup = warmup;
        this.deadline = Instant.now().plus(timeLimit);
    }

    public static void main(String[] args) {
        BenchSupport.main("end-to-end-latency", USAGE, args, arguments -> {
            Map<String, String> o = BenchSupport.options(arguments, Set.of("--deals", "--deal-interval-ms",
                    "--completion-interval-ms", "--warmup", "--time-limit-minutes"));
            return new EndToEndLatencyBench(BenchSupport.positive(o, "--deals", 100),
                    Duration.ofMillis(BenchSupport.positive(o, "--deal-interval-ms", 1000)),
                    Duration.ofMillis(BenchSupport.positive(o, "--completion-interval-ms", 1500)),
                    BenchSupport.atLeast(o, "--warmup", 10, 0),
                    Duration.ofMinutes(BenchSupport.positive(o, "--time-limit-minutes", 15)))::run;
        });
    }

    private int run() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-close"));
        try {
            workDirectory = Files.createTempDirectory("end-to-end-latency-");
            support.progress("starting both simulators (unlimited) and the service in " + workDirectory);
            world = SyncWorld.start(workDirectory, Map.of(
                    "sync.datasource.url", "jdbc:h2:file:" + workDirectory.resolve("db/sync").toAbsolutePath()
                            + ";DB_CLOSE_ON_EXIT=FALSE",
                    // The product's sweep interval: a first attempt does not wait for it, but keep the real setting.
                    "sync.inbox.sweep-interval", "1000",
                    "camel.main.shutdown-timeout", "5"));
            if (warmup > 0) {
                support.progress("warm-up: " + warmup + " deals through both flows, not measured");
                Phase warm = throughBothFlows(warmup);
                if (warm == null) {
                    return timeLimit();
                }
            }
            support.progress("measuring " + deals + " deals, one every " + dealInterval.toMillis() + " ms, then their tasks"
                    + " completed, one every " + completionInterval.toMillis() + " ms");
            Phase measured = throughBothFlows(deals);
            if (measured == null) {
                return timeLimit();
            }
            System.out.println(table(measured));
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            close();
        }
    }

    private int timeLimit() {
        support.fail("the time limit ran out before every deal got its task and files; raise --time-limit-minutes");
        return BenchSupport.EXIT_FAILED;
    }

    /** What one batch of deals showed: each flow's latencies in ms, and the load average around each phase. */
    private record Phase(List<Double> dealToTask, List<Double> completedToFile, String loadAdded, String loadCompleted) {
    }

    private Phase throughBothFlows(int count) {
        // Deal added -> task created.
        String loadBefore = BenchSupport.load();
        List<Long> dealIds = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < count; i++) {
            BenchSupport.sleep(Duration.between(Instant.now(), start.plus(dealInterval.multipliedBy(i))));
            Person person = world.pipedrive.createPerson("Signer " + i, "signer" + i + "@example.com");
            Deal deal = world.pipedrive.createDeal(DealDraft.titled("Latency deal " + i).withPerson(person.id()));
            dealIds.add(deal.id());
        }
        if (!waitFor(() -> dealIds.stream().allMatch(id -> world.tasksOfDeal(id).size() == 1))) {
            return null;
        }
        String loadAdded = loadBefore + " → " + BenchSupport.load();
        Map<String, Instant> received = receivedAt("pipedrive", "deal.added");
        List<Double> dealToTask = new ArrayList<>();
        Map<Long, Long> taskOfDeal = new HashMap<>();
        for (long dealId : dealIds) {
            Task task = world.tasksOfDeal(dealId).get(0);
            taskOfDeal.put(dealId, task.taskId());
            Instant in = required(received, "deal:" + dealId);
            dealToTask.add(Duration.between(in, task.createdAt()).toNanos() / 1e6);
        }

        // Task completed -> signed files attached to the deal.
        loadBefore = BenchSupport.load();
        start = Instant.now();
        for (int i = 0; i < count; i++) {
            BenchSupport.sleep(Duration.between(Instant.now(), start.plus(completionInterval.multipliedBy(i))));
            world.dottedSign.sign(taskOfDeal.get(dealIds.get(i)));
        }
        if (!waitFor(() -> dealIds.stream().allMatch(id -> world.pipedrive.filesOfDeal(id).size() == FILES_PER_COMPLETED_TASK))) {
            return null;
        }
        String loadCompleted = loadBefore + " → " + BenchSupport.load();
        received = receivedAt("dottedsign", "task.completed");
        List<Double> completedToFile = new ArrayList<>();
        Map<Long, Instant> lastAttach = lastFileAttachedPerDeal();
        for (long dealId : dealIds) {
            Instant in = required(received, "task:" + taskOfDeal.get(dealId));
            Instant attached = Optional.ofNullable(lastAttach.get(dealId))
                    .orElseThrow(() -> new IllegalStateException("no file upload seen for deal " + dealId));
            completedToFile.add(Duration.between(in, attached).toNanos() / 1e6);
        }
        return new Phase(dealToTask, completedToFile, loadAdded, loadCompleted);
    }

    /**
     * When the service recorded each deal's last signed file as attached ({@code signed_file.attached_at}, written
     * once Pipedrive has answered the upload): the simulator's {@code add_time} has whole seconds only, and its
     * request log keeps no multipart bodies to tell the deal by.
     */
    private Map<Long, Instant> lastFileAttachedPerDeal() {
        Map<Long, Instant> last = new HashMap<>();
        try (Connection connection = dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT deal_id, MAX(attached_at) FROM signed_file WHERE attached_at IS NOT NULL GROUP BY deal_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                last.put(rows.getLong(1), rows.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the signed files", e);
        }
        return last;
    }

    private static Instant required(Map<String, Instant> received, String subject) {
        return Optional.ofNullable(received.get(subject))
                .orElseThrow(() -> new IllegalStateException("no stored webhook event for " + subject));
    }

    private boolean waitFor(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            BenchSupport.sleep(Duration.ofMillis(100));
        }
        return true;
    }

    /** When the service stored each event of this source and kind, by subject: the webhook's arrival. */
    private Map<String, Instant> receivedAt(String source, String kind) {
        Map<String, Instant> received = new HashMap<>();
        try (Connection connection = dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT subject, received_at FROM inbox_event WHERE source = ? AND kind = ?")) {
            query.setString(1, source);
            query.setString(2, kind);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    received.merge(rows.getString(1), rows.getTimestamp(2).toInstant(),
                            (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the inbox", e);
        }
        return received;
    }

    private DataSource dataSource() {
        return world.service().camelContext().getRegistry()
                .lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class);
    }

    private String table(Phase p) {
        StringBuilder t = new StringBuilder();
        t.append("\n## End-to-end latency: ").append(deals).append(" deals, unlimited simulators\n\n");
        t.append("| Measure | Value |\n|---|---|\n");
        BenchSupport.machineRows(t);
        BenchSupport.row(t, "Service", "in-process (SyncWorld), H2 file database, default throttles (Pipedrive 16 per 2 s,"
                + " DottedSign 5 per 1 s), inbox sweep 1 s; " + warmup + " warm-up deals not counted");
        BenchSupport.row(t, "Simulators", "both unlimited, in the same JVM, over real HTTP");
        BenchSupport.row(t, "Pace", "a deal added every " + dealInterval.toMillis() + " ms, then a task completed every "
                + completionInterval.toMillis() + " ms: below the throttles, so no event waits for another's calls");
        t.append("\n| Flow | From → to | Events | p50 ms | p99 ms | max ms | Load avg (1 min) |\n|---|---|---|---|---|---|---|\n");
        flowRow(t, "deal added", "webhook stored → DottedSign task created", p.dealToTask(), p.loadAdded());
        flowRow(t, "task completed", "webhook stored → last signed file attached (Pipedrive answered the upload)", p.completedToFile(),
                p.loadCompleted());
        return t.toString();
    }

    private static void flowRow(StringBuilder t, String flow, String span, List<Double> ms, String load) {
        t.append("| ").append(flow).append(" | ").append(span).append(" | ").append(ms.size()).append(" | ")
                .append(BenchSupport.millis(BenchSupport.percentile(ms, 50))).append(" | ")
                .append(BenchSupport.millis(BenchSupport.percentile(ms, 99))).append(" | ")
                .append(BenchSupport.millis(BenchSupport.percentile(ms, 100))).append(" | ")
                .append(load).append(" |\n");
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            BenchSupport.close("end-to-end-latency", world, workDirectory);
        }
    }
}
