package io.dealsign.durability;

import io.dealsign.dottedsign.DottedSignWebhookParser;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.Json;
import io.dealsign.pipedrive.PipedriveWebhookParser;
import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.dottedsign.WebhookDelivery;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.DeliveryAttempt;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;
import io.dealsign.simulator.pipedrive.StoredFile;
import io.dealsign.testing.Effects;
import io.dealsign.testing.ServiceJar;
import io.dealsign.testing.SyncWorld;
import io.dealsign.webhook.WebhookVerdict;
import org.apache.camel.test.AvailablePortFinder;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.dealsign.testing.SyncWorld.PIPEDRIVE_TOKEN;
import static io.dealsign.testing.SyncWorld.WEBHOOK_PASSWORD;
import static io.dealsign.testing.SyncWorld.WEBHOOK_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar on its default embedded H2 file database ({@code ./data/dealsign-sync}, no URL override),
 * killed with SIGKILL at five random moments, and stopped once with SIGTERM, while a backlog of 340
 * events flows in, and restarted on the same folder each time. Both simulators run in this JVM and deliver their webhooks themselves; a
 * delivery to the dead process fails (Pipedrive retries it after 30 ms, 0.3 s and 1.5 s here and bans the
 * webhook for 18 s after ten failed first attempts, DottedSign never retries), and the pollers, on a
 * 3-second cron, catch up with what the dead process missed.
 *
 * <p>At the end: every deal with a signer has exactly one task, every signed task's deal is won once and
 * has exactly one attachment per signed file, every decline and every deal without a signer has exactly
 * one note, and every event the service acknowledged (a 2xx to the sender) is in the inbox and done.
 * An event never acknowledged is the sender's to resend; its effect must still be there, through the
 * pollers. {@code -Dcrash.seed=...} replays a run's kill moments.
 */
class CrashRecoveryIT {


    private static final int DEALS = 200;
    private static final int KILLS = 5;
    private static final int DEALS_WHILE_UP = 30;
    private static final int DEALS_WHILE_DOWN = 3;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(150);

    /** What the sales rep and the signer do with each deal, by its number. */
    enum Fate {
        NO_SIGNER, SIGN, DECLINE, WAIT;

        static Fate of(int n) {
            if (n % 20 == 7) {
                return NO_SIGNER;
            }
            int tens = n % 10;
            return tens <= 5 ? SIGN : tens == 8 ? DECLINE : WAIT;
        }
    }

    @TempDir
    Path folder;
    private PipedriveSimulator pipedrive;
    private DottedSignSimulator dottedSign;
    private ServiceJar service;
    private int port;
    private int runs;
    private final Map<Long, Fate> fates = new LinkedHashMap<>();
    private final Set<Long> actedOn = new HashSet<>();
    private long lastCalls = -1;
    private long lastCallSeenAt;

    @AfterEach
    void stopEverything() throws Exception {
        try {
            keepTheServiceOutput();
            if (service != null) {
                service.close();
            }
        } finally {
            if (pipedrive != null) {
                pipedrive.close();
            }
            if (dottedSign != null) {
                dottedSign.close();
            }
        }
    }

    @Test
    void should_lose_no_acknowledged_event_and_apply_each_effect_once_through_five_sigkills_and_a_stop() throws Exception {
        // Failsafe (mvn verify) builds the jar and names it; surefire, when -Dtest picks this class, does not.
        Assumptions.assumeTrue(System.getProperty("dealsign.jar") != null, "the jar is built and named by mvn verify");
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("CrashRecoveryIT seed %d (replay with -Dcrash.seed=%d)%n", seed, seed);
        long started = System.nanoTime();
        port = AvailablePortFinder.getNextAvailable();
        startSimulators();

        startService();
        for (int kill = 1; kill <= KILLS; kill++) {
            createDeals(DEALS_WHILE_UP);
            // A random moment: after between 10 and 200 more API calls, early in start-up's catching up
            // as well as in the middle of a flow.
            awaitCalls(10 + random.nextInt(190));
            service.kill();
            System.out.printf("kill %d after %d API calls%n", kill, apiCalls());
            // While it is down, the reps and signers go on: these deliveries fail.
            createDeals(DEALS_WHILE_DOWN);
            actOnNewTasks();
            startService();
        }
        // An operator's stop (SIGTERM) in the middle of the work: Camel finishes what is in flight and
        // records it, so it must still have its database while it does.
        createDeals(DEALS_WHILE_UP);
        awaitCalls(30 + random.nextInt(100));
        service.close();
        String stoppedRun = service.output();
        System.out.printf("graceful stop after %d API calls%n", apiCalls());
        createDeals(DEALS_WHILE_DOWN);
        startService();
        createDeals(DEALS - fates.size());
        long requeued = 0;
        for (int run = 2; run <= runs; run++) {
            String output = Files.readString(folder.resolve("service-" + run + ".out"));
            java.util.regex.Matcher matcher = java.util.regex.Pattern
                    .compile("(\\d+) event\\(s\\) left running by the previous run are queued again").matcher(output);
            requeued += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        }
        System.out.printf("events a kill interrupted in the middle of their flow: %d%n", requeued);

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
            actOnNewTasks();
            return converged();
        });
        String settled = fingerprint();
        await("no late duplicate").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                .until(() -> settled.equals(fingerprint()));
        service.close();
        service = null;
        System.out.printf("Pipedrive deliveries (outcome#attempt) %s%nDottedSign deliveries %s%n",
                pipedrive.deliveries().stream().collect(Collectors.groupingBy(a -> a.outcome() + "#" + a.attempt(), Collectors.counting())),
                dottedSign.webhookDeliveries().stream().collect(Collectors.groupingBy(d -> d.actionName() + ":" + d.outcome()
                        + (d.outcome() == WebhookDelivery.Outcome.REJECTED ? " " + d.responseStatus() : ""),
                        Collectors.counting())));

        assertThat(stoppedRun).as("the run stopped with SIGTERM").contains("is shutting down");
        assertThat(stoppedRun.lines().filter(line -> line.contains("ERROR") || line.contains("Database is already closed"))
                .map(line -> line.length() > 300 ? line.substring(0, 300) : line).toList())
                .as("errors while the run stopped gracefully under load").isEmpty();
        assertEffectsHappenedOnce();
        assertNoAcknowledgedEventWasLost();
        System.out.printf("CrashRecoveryIT: %d deals, %d runs, %.0f s%n", fates.size(), runs,
                (System.nanoTime() - started) / 1e9);
    }

    /** Each run's output, kept under target/crash-recovery-it/ for whoever reads a failure. */
    private void keepTheServiceOutput() throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", "crash-recovery-it"));
        try (var outputs = Files.list(folder)) {
            for (Path output : outputs.filter(f -> f.getFileName().toString().endsWith(".out")).toList()) {
                Files.copy(output, kept.resolve(output.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    // ------------------------------------------------------------------------------------ the world

    private void startSimulators() {
        pipedrive = new PipedriveSimulator(PIPEDRIVE_TOKEN).start();
        // Retries after 30 ms, 0.3 s and 1.5 s; ten failed first attempts in a row (deliveries cut off by
        // a kill count too) ban the webhook for 18 s, during which its events are dropped.
        pipedrive.webhookTimeScale(0.01);
        pipedrive.subscribe("http://127.0.0.1:" + port + "/webhooks/pipedrive", "*", "2.0", WEBHOOK_USER, WEBHOOK_PASSWORD);
        dottedSign = SyncWorld.startDottedSign();
        dottedSign.webhookUrl("http://127.0.0.1:" + port + "/webhooks/dottedsign");
    }

    /** The jar, on the same folder and port each time, with no database setting: the default H2 file. */
    private void startService() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(SyncWorld.simulatorSettings(pipedrive, dottedSign));
        // The simulators have no limits here; the service's own throttles would make the test slow.
        settings.put("pipedrive.rate-limit.requests", "400");
        settings.put("dottedsign.rate-limit.requests", "200");
        settings.put("sync.poll.pipedrive.cron", "0/3 * * * * ?");
        settings.put("sync.poll.dottedsign.cron", "1/3 * * * * ?");
        settings.put("sync.inbox.sweep-interval", "200");
        settings.put("sync.inbox.first-retry-delay", "200");
        settings.put("sync.inbox.max-retry-delay", "2000");
        runs++;
        service = ServiceJar.start(folder, port, settings, "service-" + runs + ".out");
        ServiceJar starting = service;
        await("run " + runs + " healthy").atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!starting.isAlive()) {
                throw new AssertionError("run " + runs + " exited:\n" + starting.output());
            }
            return starting.isHealthy();
        });
    }

    private void createDeals(int count) {
        for (int i = 0; i < count; i++) {
            int n = fates.size();
            Fate fate = Fate.of(n);
            long personId = fate == Fate.NO_SIGNER
                    ? pipedrive.createPerson("Nobody To Sign " + n).id()
                    : pipedrive.createPerson("Signer " + n, "signer" + n + "@example.com").id();
            Deal deal = pipedrive.createDeal(DealDraft.titled("Crash deal " + n + ", Inc").withPerson(personId));
            fates.put(deal.id(), fate);
        }
    }

    /** The signer signs or declines each task the service has sent by now, once. */
    private void actOnNewTasks() {
        for (Task task : dottedSign.tasks()) {
            Long dealId = dealOf(task);
            if (dealId == null || task.status() != TaskStatus.WAITING || actedOn.contains(dealId)) {
                continue;
            }
            Fate fate = fates.get(dealId);
            if (fate == Fate.SIGN) {
                dottedSign.sign(task.taskId());
                actedOn.add(dealId);
            } else if (fate == Fate.DECLINE) {
                dottedSign.decline(task.taskId());
                actedOn.add(dealId);
            }
        }
    }

    private long apiCalls() {
        return pipedrive.requests().matching(r -> r.path().startsWith("/api/")).size()
                + dottedSign.requests().matching(r -> r.path().startsWith("/v1/")).size();
    }

    /**
     * Until the service has made this many more API calls, or has gone quiet; signers sign the tasks as
     * they arrive meanwhile.
     */
    private void awaitCalls(int more) {
        long target = apiCalls() + more;
        await().atMost(START).pollInterval(Duration.ofMillis(50)).until(() -> {
            actOnNewTasks();
            return apiCalls() >= target || quietForTwoSeconds();
        });
    }

    /** No API call for two seconds: the service has caught up, and is killed idle, which is a moment too. */
    private boolean quietForTwoSeconds() {
        long calls = apiCalls();
        long now = System.nanoTime();
        if (calls != lastCalls) {
            lastCalls = calls;
            lastCallSeenAt = now;
        }
        return now - lastCallSeenAt > 2_000_000_000L;
    }

    private boolean converged() {
        Map<Long, List<Task>> tasks = tasksByDeal();
        for (Map.Entry<Long, Fate> deal : fates.entrySet()) {
            long id = deal.getKey();
            List<Task> own = tasks.getOrDefault(id, List.of());
            boolean done = switch (deal.getValue()) {
                case NO_SIGNER -> pipedrive.notesOfDeal(id).size() == 1;
                case WAIT -> own.size() == 1;
                case SIGN -> own.size() == 1 && own.get(0).status() == TaskStatus.COMPLETED
                        && "won".equals(pipedrive.deal(id).orElseThrow().status()) && pipedrive.filesOfDeal(id).size() == 2;
                case DECLINE -> own.size() == 1 && own.get(0).status() == TaskStatus.DECLINED
                        && pipedrive.notesOfDeal(id).size() == 1;
            };
            if (!done) {
                return false;
            }
        }
        return true;
    }

    private String fingerprint() {
        return dottedSign.tasks().size() + " tasks, " + pipedrive.files().size() + " files, " + pipedrive.notes().size()
                + " notes, " + pipedrive.events().stream().filter(e -> "api".equals(e.changeSource())).count() + " deal changes";
    }

    // ------------------------------------------------------------------------------------ the verdict

    private void assertEffectsHappenedOnce() throws Exception {
        Map<Long, List<Task>> tasks = tasksByDeal();
        Map<Long, Binding> bindings = bindings();
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<Long, Fate> deal : fates.entrySet()) {
            long id = deal.getKey();
            List<Task> own = tasks.getOrDefault(id, List.of());
            Binding binding = bindings.get(id);
            soft.assertThat(binding).as("binding of deal %d", id).isNotNull();
            if (deal.getValue() == Fate.NO_SIGNER) {
                soft.assertThat(own).as("tasks of deal %d, which has nobody to sign", id).isEmpty();
                soft.assertThat(pipedrive.notesOfDeal(id)).as("notes of deal %d", id).hasSize(1);
                if (binding != null) {
                    soft.assertThat(binding.state()).as("state of deal %d", id).isEqualTo("NO_SIGNER");
                }
                continue;
            }
            soft.assertThat(own).as("tasks of deal %d", id).hasSize(1);
            if (binding != null && own.size() == 1) {
                soft.assertThat(binding.taskId()).as("task bound to deal %d", id).isEqualTo(own.get(0).taskId());
            }
            switch (deal.getValue()) {
                case SIGN -> {
                    soft.assertThat(pipedrive.filesOfDeal(id)).as("files of deal %d", id).extracting(StoredFile::name)
                            .hasSize(2).doesNotHaveDuplicates();
                    soft.assertThat(Effects.apiChangesOfDeal(pipedrive, id)).as("updates of won deal %d", id).isEqualTo(1);
                    soft.assertThat(pipedrive.notesOfDeal(id)).as("notes of deal %d", id).isEmpty();
                    soft.assertThat(archivedPdfs(id)).as("archived files of deal %d", id).isEqualTo(2);
                }
                case DECLINE -> {
                    soft.assertThat(pipedrive.notesOfDeal(id)).as("notes of deal %d", id).hasSize(1);
                    soft.assertThat(Effects.apiChangesOfDeal(pipedrive, id)).as("updates of declined deal %d", id).isZero();
                }
                default -> soft.assertThat(pipedrive.filesOfDeal(id)).as("files of waiting deal %d", id).isEmpty();
            }
        }
        soft.assertThat(tasks.keySet()).as("deals with tasks").isSubsetOf(fates.keySet());
        soft.assertAll();
    }

    private void assertNoAcknowledgedEventWasLost() throws Exception {
        Map<String, String> inbox = inboxStatuses();
        List<String> acknowledged = new ArrayList<>();
        Set<String> neverAcknowledged = new HashSet<>();
        for (DeliveryAttempt attempt : pipedrive.deliveries()) {
            if (attempt.body() == null) {
                continue;
            }
            storedEntry(() -> PipedriveWebhookParser.parse(attempt.body().getBytes(StandardCharsets.UTF_8))).ifPresent(entry -> {
                if (attempt.delivered()) {
                    acknowledged.add(key(entry));
                } else {
                    neverAcknowledged.add(key(entry));
                }
            });
        }
        for (WebhookDelivery delivery : dottedSign.webhookDeliveries()) {
            if (delivery.outcome() == WebhookDelivery.Outcome.DROPPED) {
                continue;
            }
            storedEntry(() -> DottedSignWebhookParser.parse(Json.parse(delivery.body()))).ifPresent(entry -> {
                if (delivery.outcome() == WebhookDelivery.Outcome.DELIVERED) {
                    acknowledged.add(key(entry));
                } else {
                    neverAcknowledged.add(key(entry));
                }
            });
        }
        neverAcknowledged.removeAll(acknowledged);
        long neverAcknowledgedButStored = neverAcknowledged.stream().filter(inbox::containsKey).count();
        Map<String, Long> byStatus = inbox.values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<String, Long> acknowledgedBySource = new HashSet<>(acknowledged).stream()
                .collect(Collectors.groupingBy(key -> key.substring(0, key.indexOf(':')), Collectors.counting()));
        System.out.printf("Inbox %s; webhook events acknowledged %s, never acknowledged: %d (%d of them stored all the"
                        + " same, the rest left to the pollers)%n", byStatus, acknowledgedBySource, neverAcknowledged.size(),
                neverAcknowledgedButStored);

        assertThat(acknowledged).as("acknowledged webhook events").isNotEmpty();
        assertThat(acknowledged.stream().filter(key -> !inbox.containsKey(key)).distinct().toList())
                .as("events acknowledged, then lost (not in the inbox), of %d acknowledged", new HashSet<>(acknowledged).size())
                .isEmpty();
        assertThat(acknowledged.stream().filter(key -> !"DONE".equals(inbox.get(key))).distinct().toList())
                .as("acknowledged events not done").isEmpty();
        assertThat(byStatus.keySet()).as("statuses in the inbox").containsOnly("DONE");
        assertThat(neverAcknowledged).as("some deliveries failed while the service was down").isNotEmpty();
    }

    // ------------------------------------------------------------------------------------ reading

    interface Parse {
        WebhookVerdict parse() throws Exception;
    }

    private static Optional<InboxEntry> storedEntry(Parse parse) {
        try {
            return parse.parse() instanceof WebhookVerdict.Store store ? Optional.of(store.entry()) : Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(InboxEntry entry) {
        return entry.source() + ":" + entry.eventKey();
    }

    private long archivedPdfs(long dealId) throws java.io.IOException {
        Path archive = folder.resolve("data/archive/" + dealId);
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        try (var files = Files.list(archive)) {
            return files.filter(f -> f.toString().endsWith(".pdf")).count();
        }
    }

    private Map<Long, List<Task>> tasksByDeal() {
        Map<Long, List<Task>> byDeal = new HashMap<>();
        for (Task task : dottedSign.tasks()) {
            Long dealId = dealOf(task);
            if (dealId != null) {
                byDeal.computeIfAbsent(dealId, id -> new ArrayList<>()).add(task);
            }
        }
        return byDeal;
    }

    private static Long dealOf(Task task) {
        String id = task.metadata().get("pipedrive_deal_id");
        return id == null ? null : Long.valueOf(id);
    }

    record Binding(long dealId, Long taskId, String state) {
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("data/dealsign-sync").toAbsolutePath(), "sa", "");
    }

    private Map<Long, Binding> bindings() throws Exception {
        Map<Long, Binding> bindings = new HashMap<>();
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT deal_id, task_id, state FROM binding")) {
            while (rows.next()) {
                bindings.put(rows.getLong(1), new Binding(rows.getLong(1), (Long) rows.getObject(2, Long.class), rows.getString(3)));
            }
        }
        return bindings;
    }

    /** source:event_key -> status of every inbox row. */
    private Map<String, String> inboxStatuses() throws Exception {
        Map<String, String> statuses = new HashMap<>();
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT source, event_key, status FROM inbox_event")) {
            while (rows.next()) {
                statuses.put(rows.getString(1) + ":" + rows.getString(2), rows.getString(3));
            }
        }
        return statuses;
    }
}
