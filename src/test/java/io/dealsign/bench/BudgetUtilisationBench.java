package io.dealsign.bench;

import io.dealsign.binding.Binding;
import io.dealsign.dottedsign.DottedSignWebhookParser;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.DealEvent;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much of Pipedrive's rate limit the service uses when a backlog arrives at once.
 *
 * <p>Starts both simulators and the service in-process ({@link SyncWorld}) in a temporary folder, with the
 * Pipedrive simulator at the smallest plan's burst limit (20 requests per 2 s) and the DottedSign
 * simulator limited too, and the service on its default throttles unless options say otherwise. Seeds
 * a backlog of deals, each with a person and an e-mail, while Pipedrive's webhooks are off; then
 * delivers every deal's creation event at once and waits until every deal is bound to its task.
 * Prints a Markdown table (see {@code bench/README.md}) and exits 0, or non-zero when a deal did not get
 * exactly one task (1), the options are wrong (2), the time limit ran out (3), or the run broke off (4).
 *
 * <p>Run it with {@code bench/budget-utilisation.sh}, which builds the classpath and quiets the logs.
 */
public final class BudgetUtilisationBench {

    static final int EXIT_WRONG_TASKS = 1;
    static final int EXIT_TIME_LIMIT = 3;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    /** How long closing may take after the time limit before the JVM is stopped regardless. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(60);
    /** Progress lines carry the wall clock too, to line them up with the service's warnings. */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final BenchOptions options;
    private final Instant runStart = Instant.now();
    private final Instant deadline;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Path workDirectory;
    private SyncWorld world;

    private BudgetUtilisationBench(BenchOptions options) {
        this.options = options;
        this.deadline = runStart.plus(options.timeLimit());
    }

    public static void main(String[] args) {
        BenchSupport.main("budget-utilisation", BenchOptions.USAGE, args, arguments -> {
            BenchOptions options = BenchOptions.parse(arguments, Path.of("").toAbsolutePath());
            return new BudgetUtilisationBench(options)::run;
        });
    }

    private int run() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-close"));
        startWatchdog();
        try {
            workDirectory = Files.createTempDirectory("budget-utilisation-");
            progress("starting both simulators and the service in " + workDirectory);
            world = SyncWorld.start(workDirectory, Map.of(
                    "pipedrive.rate-limit.requests", String.valueOf(options.pipedriveThrottle()),
                    "pipedrive.rate-limit.period", String.valueOf(options.pipedrivePeriod().toMillis()),
                    "dottedsign.rate-limit.requests", String.valueOf(options.dottedSignThrottle()),
                    "dottedsign.rate-limit.period", String.valueOf(options.dottedSignPeriod().toMillis()),
                    // SyncWorld's database, left open until the service closes it, also when a signal stops the JVM.
                    "sync.datasource.url", "jdbc:h2:file:" + workDirectory.resolve("db/sync").toAbsolutePath()
                            + ";DB_CLOSE_ON_EXIT=FALSE",
                    // Stopping, in-flight calls wait for a throttle's turn: no use waiting the default 20 s for them.
                    "camel.main.shutdown-timeout", "5"));
            progress("seeding " + options.events() + " deals with persons and e-mails, webhooks off");
            List<Long> deals = seedBacklog();
            Result result = drain(deals);
            System.out.println(table(result));
            if (options.requestLog() != null) {
                writeRequestLog(options.requestLog(), result.drainStart());
                progress("request logs written to " + options.requestLog().toAbsolutePath());
            }
            if (!result.finished()) {
                System.err.printf("budget-utilisation: stopped after the time limit of %d min: %d of %d deals were bound"
                        + " to a task. Raise it with --time-limit-minutes.%n",
                        options.timeLimit().toMinutes(), result.dealsBound(), options.events());
                return EXIT_TIME_LIMIT;
            }
            if (result.tasksCreated() != options.events() || !result.dealsWithTwoTasks().isEmpty()) {
                System.err.printf("budget-utilisation: FAILED: %d tasks for %d deals; deals with more than one task: %s%n",
                        result.tasksCreated(), options.events(), result.dealsWithTwoTasks());
                return EXIT_WRONG_TASKS;
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (closed.get()) {
                // The JVM is shutting down (Ctrl-C, kill): the hook has closed the world under this thread.
                System.err.println("budget-utilisation: stopped before the end");
                return BenchSupport.EXIT_BROKE_OFF;
            }
            throw e;
        } finally {
            close();
        }
    }

    /** The backlog: deals that exist in Pipedrive but whose creation webhook was lost. */
    private List<Long> seedBacklog() {
        return world.withoutPipedriveWebhooks(() -> {
            List<Long> ids = new ArrayList<>(options.events());
            for (int i = 1; i <= options.events(); i++) {
                Person person = world.pipedrive.createPerson("Signer " + i, "signer" + i + "@example.com");
                ids.add(world.pipedrive.createDeal(DealDraft.titled("Backlog deal " + i).withPerson(person.id())).id());
            }
            return ids;
        });
    }

    /** Limits on, every creation event delivered again at once, then wait until every deal has its task. */
    private Result drain(List<Long> deals) throws IOException {
        Set<Long> dealIds = new HashSet<>(deals);
        List<DealEvent> creations = world.pipedrive.events().stream()
                .filter(e -> e.action() == DealEvent.Action.CREATE && dealIds.contains(e.dealId()))
                .toList();
        world.pipedrive.burstLimit(options.pipedriveBurst(), options.pipedriveWindow());
        world.dottedSign.rateLimit(options.dottedSignLimit(), options.dottedSignWindow());
        world.pipedrive.requests().clear();
        world.dottedSign.requests().clear();

        progress("releasing " + creations.size() + " deal-added events at once");
        double loadBefore = loadAverage();
        Instant start = Instant.now();
        creations.forEach(event -> world.pipedrive.redeliver(event.id()));

        Instant nextProgress = start.plus(PROGRESS_EVERY);
        long bound = boundDeals(dealIds);
        while (bound < dealIds.size() && Instant.now().isBefore(deadline)) {
            BenchSupport.sleep(POLL_EVERY);
            bound = boundDeals(dealIds);
            if (Instant.now().isAfter(nextProgress)) {
                progress(String.format("%d of %d deals bound after %d s", bound, dealIds.size(),
                        Duration.between(start, Instant.now()).toSeconds()));
                nextProgress = nextProgress.plus(PROGRESS_EVERY);
            }
        }
        Instant end = Instant.now();
        double loadAfter = loadAverage();
        progress(bound == dealIds.size()
                ? "drained in " + seconds(Duration.between(start, end)) + " s; checking the tasks"
                : "time limit reached after " + seconds(Duration.between(start, end)) + " s of draining");

        List<RecordedRequest> pipedriveCalls = world.pipedrive.requests().matching(r ->
                r.path().startsWith("/api/") && !r.receivedAt().isAfter(end));
        List<RecordedRequest> dottedSignCalls = world.dottedSign.requests().matching(r ->
                r.path().startsWith("/v1/") && !r.receivedAt().isAfter(end));
        List<Task> tasks = world.dottedSign.tasks();
        Map<String, Long> tasksPerDeal = tasks.stream().collect(Collectors.groupingBy(
                t -> t.metadata().getOrDefault(DottedSignWebhookParser.DEAL_ID_METADATA_KEY, "none"),
                Collectors.counting()));
        List<String> dealsWithTwoTasks = tasksPerDeal.entrySet().stream()
                .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        return new Result(bound == dealIds.size(), start, Duration.between(start, end), bound,
                ApiUsage.of(pipedriveCalls, start), ApiUsage.of(dottedSignCalls, start), tasks.size(), dealsWithTwoTasks,
                Duration.between(runStart, end), loadBefore, loadAfter);
    }

    /** The system's load average over the last minute: other work on the machine skews a run. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private long boundDeals(Set<Long> dealIds) {
        return world.bindings().all().stream()
                .filter(Binding::hasTask)
                .filter(b -> dealIds.contains(b.dealId()))
                .count();
    }

    /**
     * What one drain showed.
     *
     * @param finished           every deal was bound before the time limit
     * @param drainStart         when the first event was released
     * @param drain              from then until the last deal was seen bound (polled every 100 ms)
     * @param dealsWithTwoTasks  deal ids (as DottedSign's metadata holds them) with more than one task
     * @param wholeRun           start-up, seeding and drain
     * @param loadBefore         the system's 1-minute load average when the events were released (negative: unknown)
     * @param loadAfter          and when the drain ended
     */
    record Result(boolean finished, Instant drainStart, Duration drain, long dealsBound, ApiUsage pipedrive,
                  ApiUsage dottedSign, long tasksCreated, List<String> dealsWithTwoTasks, Duration wholeRun,
                  double loadBefore, double loadAfter) {
    }

    private String table(Result r) {
        Runtime runtime = Runtime.getRuntime();
        BenchOptions o = options;
        StringBuilder t = new StringBuilder();
        t.append("\n## Budget utilisation: ").append(o.events()).append(" deal-added events at once\n\n");
        t.append("| Measure | Value |\n|---|---|\n");
        row(t, "Machine: cores", String.valueOf(runtime.availableProcessors()));
        row(t, "Machine: OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        row(t, "Machine: JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        row(t, "Machine: max heap", String.format("%.0f MiB", runtime.maxMemory() / (1024.0 * 1024.0)));
        row(t, "Machine: load average (1 min)", r.loadBefore() < 0 ? "unknown"
                : String.format("%.2f when the events were released, %.2f when the drain ended", r.loadBefore(), r.loadAfter()));
        row(t, "Events released at once", o.events() + " deal-added webhooks (deals with a person and an e-mail)");
        row(t, "Pipedrive simulator limit", String.format("%d requests per %s s fixed window (%.1f/s); daily budget unlimited",
                o.pipedriveBurst(), seconds(o.pipedriveWindow()), o.pipedriveLimitPerSecond()));
        row(t, "DottedSign simulator limit", String.format("%d requests per %s s fixed window (%.1f/s)",
                o.dottedSignLimit(), seconds(o.dottedSignWindow()), o.dottedSignLimitPerSecond()));
        row(t, "Service throttle: Pipedrive", String.format("%d per %d ms (%.1f/s)",
                o.pipedriveThrottle(), o.pipedrivePeriod().toMillis(), o.pipedriveThrottlePerSecond()));
        row(t, "Service throttle: DottedSign", String.format("%d per %d ms (%.1f/s)",
                o.dottedSignThrottle(), o.dottedSignPeriod().toMillis(), o.dottedSignThrottlePerSecond()));
        row(t, "Drain time", r.finished()
                ? seconds(r.drain()) + " s (first event released to last deal bound)"
                : "not finished: " + r.dealsBound() + " of " + o.events() + " deals bound after " + seconds(r.drain()) + " s");
        apiRows(t, "Pipedrive", r.pipedrive(), r.drain(), o.pipedriveLimitPerSecond(), o.pipedriveThrottlePerSecond());
        apiRows(t, "DottedSign", r.dottedSign(), r.drain(), o.dottedSignLimitPerSecond(), o.dottedSignThrottlePerSecond());
        row(t, "Tasks created", r.tasksCreated() + " for " + o.events() + " deals; "
                + (r.dealsWithTwoTasks().isEmpty() ? "no deal has two" : r.dealsWithTwoTasks().size() + " deals have more than one"));
        row(t, "Whole run", seconds(r.wholeRun()) + " s (start-up, seeding, drain)");
        return t.toString();
    }

    private static void apiRows(StringBuilder t, String api, ApiUsage usage, Duration drain, double limit, double throttle) {
        double rate = usage.perSecond(drain);
        row(t, api + " calls served", String.valueOf(usage.served()));
        row(t, api + " rate achieved", String.format("%.2f/s: %.1f%% of the simulator's limit, %.1f%% of the service's throttle",
                rate, 100 * rate / limit, 100 * rate / throttle));
        row(t, api + " calls between", String.format("%s s and %s s after the release: %.2f/s in that span",
                seconds(usage.firstCall()), seconds(usage.lastCall()), usage.perSecondWhileCalling()));
        row(t, api + " 429s", String.format("%d (%.2f%% of %d calls)", usage.tooMany(), usage.tooManyPercent(), usage.calls()));
    }

    private static void row(StringBuilder table, String measure, String value) {
        table.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    /** Both simulators' API requests since the drain started, oldest first, as CSV. */
    private void writeRequestLog(Path file, Instant drainStart) throws IOException {
        record Line(String api, RecordedRequest request) { }
        Predicate<RecordedRequest> isApi = r -> r.path().startsWith("/api/") || r.path().startsWith("/v1/");
        List<Line> lines = Stream.concat(
                        world.pipedrive.requests().matching(isApi).stream().map(r -> new Line("pipedrive", r)),
                        world.dottedSign.requests().matching(isApi).stream().map(r -> new Line("dottedsign", r)))
                .sorted(Comparator.comparing(line -> line.request().receivedAt()))
                .toList();
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("api,ms_since_release,method,path,status");
            for (Line line : lines) {
                RecordedRequest r = line.request();
                out.println(line.api() + "," + Duration.between(drainStart, r.receivedAt()).toMillis() + ","
                        + r.method() + "," + r.path() + "," + r.status());
            }
        }
    }

    /** After the time limit, give the run a minute to print and close, then stop the JVM whatever it is doing. */
    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            BenchSupport.sleep(Duration.between(Instant.now(), deadline.plus(CLOSE_GRACE)));
            System.err.println("budget-utilisation: still running " + CLOSE_GRACE.toSeconds()
                    + " s after the time limit of " + options.timeLimit().toMinutes() + " min; stopping");
            System.exit(EXIT_TIME_LIMIT);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Closes the service and both simulators and deletes the temporary folder, once (also from the shutdown hook). */
    private void close() {
        if (closed.compareAndSet(false, true)) {
            BenchSupport.close("budget-utilisation", world, workDirectory);
        }
    }


    private void progress(String message) {
        Instant now = Instant.now();
        System.err.printf("%s [%6.1f s] %s%n", CLOCK.format(now), Duration.between(runStart, now).toMillis() / 1000.0,
                message);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }
}
