package io.dealsign.cluster;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;
import io.dealsign.testing.Effects;
import io.dealsign.testing.ServiceJar;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.TestDatabases;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.dealsign.testing.SyncWorld.PIPEDRIVE_TOKEN;
import static io.dealsign.testing.SyncWorld.WEBHOOK_PASSWORD;
import static io.dealsign.testing.SyncWorld.WEBHOOK_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the built jar on one PostgreSQL schema, behind a fan-out that hands every webhook of
 * both simulators to both instances at the same moment. For 100 deals: one DottedSign task per deal; for
 * the 30 whose signer signs, one attachment each. The pollers run every 5 s, and the simulators' request
 * logs (not either process's) show one poll per cycle. Then the instance that polled last is killed with
 * SIGKILL: the other takes the polling over, and the deals added after the kill still get their task.
 */
class TwoInstancesIT {

    private static final int DEALS = 100;
    private static final int SIGNED = 30;
    private static final int DEALS_AFTER_KILL = 5;
    private static final Duration CYCLE = Duration.ofSeconds(5);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern PIPEDRIVE_POLL_LINE = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*poll-pipedrive.*Poll ");

    @TempDir
    Path folder;
    private PipedriveSimulator pipedrive;
    private DottedSignSimulator dottedSign;
    private WebhookFanOut fanOut;
    private final List<ServiceJar> instances = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        Path kept = Files.createDirectories(Path.of("target", "two-instances-it"));
        for (int i = 0; i < instances.size(); i++) {
            Files.writeString(kept.resolve("instance-" + i + ".out"), instances.get(i).output());
            instances.get(i).close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {fanOut, pipedrive, dottedSign}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void should_run_each_event_once_poll_once_per_cycle_and_take_over_when_an_instance_is_killed() throws Exception {
        // First: without PostgreSQL this fails under CI=true and skips elsewhere.
        String database = TestDatabases.freshPostgresSchemaUrl();
        Assumptions.assumeTrue(System.getProperty("dealsign.jar") != null, "the jar is built and named by mvn verify");
        long started = System.nanoTime();
        List<Integer> ports = List.of(AvailablePortFinder.getNextAvailable(), AvailablePortFinder.getNextAvailable());
        fanOut = new WebhookFanOut(ports.stream().map(port -> "http://127.0.0.1:" + port).toList());
        startSimulators();
        for (int i = 0; i < ports.size(); i++) {
            instances.add(ServiceJar.start(Files.createDirectories(folder.resolve("instance-" + i)), ports.get(i),
                    settings(database, "instance-" + i), "service.out"));
        }
        for (ServiceJar instance : instances) {
            awaitHealthy(instance);
        }
        System.out.printf("both instances up after %.0f s%n", (System.nanoTime() - started) / 1e9);

        Map<Long, Boolean> signs = new LinkedHashMap<>();
        for (int n = 0; n < DEALS; n++) {
            signs.put(createDeal(n).id(), n < SIGNED);
        }
        await("a task for every deal").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> signs.keySet().stream().allMatch(deal -> !Effects.tasksOfDeal(dottedSign, deal).isEmpty()));
        signs.forEach((deal, sign) -> {
            if (sign) {
                dottedSign.sign(Effects.tasksOfDeal(dottedSign, deal).get(0).taskId());
            }
        });
        await("the signed deals won, with their contract").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> signs.entrySet().stream().filter(Map.Entry::getValue)
                        .allMatch(deal -> !pipedrive.filesOfDeal(deal.getKey()).isEmpty()));
        awaitQuiet();
        System.out.printf("100 deals converged after %.0f s%n", (System.nanoTime() - started) / 1e9);

        signs.forEach((deal, sign) -> {
            assertThat(Effects.tasksOfDeal(dottedSign, deal)).as("tasks of deal %d", deal).hasSize(1);
            assertThat(pipedrive.filesOfDeal(deal)).as("attachments of deal %d", deal).hasSize(sign ? 1 : 0);
            if (sign) {
                assertThat(Effects.tasksOfDeal(dottedSign, deal).get(0).status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(pipedrive.deal(deal).orElseThrow().status()).isEqualTo("won");
            }
        });
        assertEveryEventReachedBothInstances();

        // Let a few quiet cycles pass, then judge every cycle so far from the simulators' request logs.
        Instant judgedFrom = Instant.now();
        await("three poll cycles").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> cycles(pipedrivePolls(judgedFrom)).size() >= 3 && cycles(dottedSignPolls(judgedFrom)).size() >= 3);
        assertOnePollPerCycle("Pipedrive", pipedrivePolls(Instant.EPOCH));
        assertOnePollPerCycle("DottedSign", dottedSignPolls(Instant.EPOCH));

        // Kill the instance that polled last: its triggers are the ones that must move.
        int victim = lastPoller();
        int survivor = 1 - victim;
        long survivorPollsBefore = pollLines(instances.get(survivor));
        instances.get(victim).kill();
        Instant killedAt = Instant.now();
        System.out.printf("killed instance %d (the last to poll); instance %d had polled %d times%n",
                victim, survivor, survivorPollsBefore);
        List<Long> lateDeals = new ArrayList<>();
        for (int n = DEALS; n < DEALS + DEALS_AFTER_KILL; n++) {
            lateDeals.add(createDeal(n).id());
        }
        await("the survivor polls every cycle").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cycles(pipedrivePolls(killedAt)).size() >= 3 && cycles(dottedSignPolls(killedAt)).size() >= 3);
        await("the deals added after the kill get their task").atMost(Duration.ofSeconds(30))
                .until(() -> lateDeals.stream().allMatch(deal -> Effects.tasksOfDeal(dottedSign, deal).size() == 1));
        assertThat(pollLines(instances.get(survivor))).as("poll cycles the survivor ran after the kill")
                .isGreaterThanOrEqualTo(survivorPollsBefore + 3);
        assertOnePollPerCycle("Pipedrive", pipedrivePolls(Instant.EPOCH));
        assertOnePollPerCycle("DottedSign", dottedSignPolls(Instant.EPOCH));
        assertInboxFinished(database);
        System.out.printf("TwoInstancesIT: %d deals, %d Pipedrive and %d DottedSign poll cycles, %.0f s%n",
                DEALS + DEALS_AFTER_KILL, cycles(pipedrivePolls(Instant.EPOCH)).size(),
                cycles(dottedSignPolls(Instant.EPOCH)).size(), (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------------------------ the world

    private void startSimulators() {
        pipedrive = new PipedriveSimulator(PIPEDRIVE_TOKEN).start();
        pipedrive.webhookTimeScale(0.01);
        pipedrive.subscribe(fanOut.url("/webhooks/pipedrive"), "*", "2.0", WEBHOOK_USER, WEBHOOK_PASSWORD);
        dottedSign = SyncWorld.startDottedSign();
        dottedSign.webhookUrl(fanOut.url("/webhooks/dottedsign"));
    }

    /** What differs between the two is the port and the folder; everything else is shared. */
    private Map<String, String> settings(String database, String name) {
        Map<String, String> settings = new LinkedHashMap<>(SyncWorld.simulatorSettings(pipedrive, dottedSign));
        settings.put("sync.datasource.url", database);
        settings.put("sync.datasource.username", TestDatabases.POSTGRES_USER);
        settings.put("sync.archive.file-types", "completed");
        settings.put("pipedrive.rate-limit.requests", "400");
        settings.put("dottedsign.rate-limit.requests", "200");
        settings.put("sync.poll.pipedrive.cron", "0/5 * * * * ?");
        settings.put("sync.poll.dottedsign.cron", "2/5 * * * * ?");
        // A killed instance's triggers move after about this plus 7.5 s; its claimed events after the lease.
        settings.put("sync.cluster.checkin-interval", "2000");
        settings.put("sync.inbox.lease", "10000");
        settings.put("sync.inbox.sweep-interval", "200");
        settings.put("sync.inbox.first-retry-delay", "200");
        settings.put("sync.inbox.max-retry-delay", "2000");
        return settings;
    }

    private Deal createDeal(int n) {
        long personId = pipedrive.createPerson("Signer " + n, "signer" + n + "@example.com").id();
        return pipedrive.createDeal(DealDraft.titled("Cluster deal " + n).withPerson(personId));
    }

    private static void awaitHealthy(ServiceJar instance) {
        await("healthy").atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!instance.isAlive()) {
                throw new AssertionError("an instance exited:\n" + instance.output());
            }
            return instance.isHealthy();
        });
    }

    /** No new task, file or note for three seconds. */
    private void awaitQuiet() {
        String[] last = {""};
        await("quiet").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String now = dottedSign.tasks().size() + "/" + pipedrive.files().size() + "/" + pipedrive.notes().size();
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
    }

    // ------------------------------------------------------------------------------------ the evidence

    /** Each webhook went to both instances; both answered 2xx, and no event was taken twice. */
    private void assertEveryEventReachedBothInstances() {
        List<WebhookFanOut.Answer> answers = fanOut.answers();
        Map<String, Long> byInstanceAndStatus = answers.stream()
                .collect(Collectors.groupingBy(a -> a.path() + " instance " + a.instance() + ": " + a.status(), TreeMap::new,
                        Collectors.counting()));
        System.out.println("webhook answers " + byInstanceAndStatus);
        assertThat(answers).as("every forwarded delivery was answered 2xx").allMatch(a -> a.status() / 100 == 2);
        assertThat(answers.stream().filter(a -> a.instance() == 0).count())
                .isEqualTo(answers.stream().filter(a -> a.instance() == 1).count());
        assertThat(answers.stream().filter(a -> a.body().contains("duplicate")).count())
                .as("deliveries one instance answered as the other's duplicate")
                .isGreaterThanOrEqualTo(DEALS + SIGNED);
    }

    /** The first page of each Pipedrive poll cycle: the deals changed since the watermark, not the deleted ones. */
    private List<Instant> pipedrivePolls(Instant from) {
        return firstPages(pipedrive.requests().all(), r -> r.method().equals("GET") && r.path().equals("/api/v2/deals")
                && !query(r).containsKey("cursor") && !"deleted".equals(query(r).get("status")), from);
    }

    /** The first page of each DottedSign poll cycle: the whole task list, newest first, no filter. */
    private List<Instant> dottedSignPolls(Instant from) {
        return firstPages(dottedSign.requests().all(), r -> r.method().equals("GET") && r.path().equals("/v1/sign_tasks/list")
                && "1".equals(query(r).get("page")) && query(r).keySet().equals(Set.of("page", "per_page", "sort_type", "order_by")),
                from);
    }

    private static List<Instant> firstPages(List<RecordedRequest> requests, Predicate<RecordedRequest> firstPage, Instant from) {
        return requests.stream().filter(firstPage).map(RecordedRequest::receivedAt).filter(at -> !at.isBefore(from)).toList();
    }

    private static Map<String, String> query(RecordedRequest request) {
        if (request.query() == null || request.query().isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(request.query().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : "", (a, b) -> a));
    }

    /** Poll requests by the 5-second cron slot they fell in. */
    private static Map<Long, Long> cycles(List<Instant> polls) {
        return polls.stream().collect(Collectors.groupingBy(at -> at.getEpochSecond() / CYCLE.toSeconds(), TreeMap::new,
                Collectors.counting()));
    }

    /**
     * At most one poll per cron fire: from the first poll to the last there are span / 5 s fire times, plus
     * the first, plus one more when the first poll itself came late (start-up); both instances polling
     * would make about twice as many. A late cycle (a stateful job waits for the previous one) counts once,
     * wherever it lands.
     */
    private static void assertOnePollPerCycle(String poller, List<Instant> polls) {
        assertThat(polls).as("%s polls", poller).isNotEmpty();
        long fireTimes = Duration.between(polls.get(0), polls.get(polls.size() - 1)).toSeconds() / CYCLE.toSeconds() + 2;
        System.out.printf("%s: %d polls over %d cron fire times%n", poller, polls.size(), fireTimes);
        assertThat((long) polls.size()).as("%s polls (one per cron fire time at most)", poller).isLessThanOrEqualTo(fireTimes);
    }

    /** The instance whose output shows the latest Pipedrive poll. */
    private int lastPoller() {
        LocalTime[] latest = new LocalTime[instances.size()];
        for (int i = 0; i < instances.size(); i++) {
            Matcher matcher = PIPEDRIVE_POLL_LINE.matcher(instances.get(i).output());
            while (matcher.find()) {
                latest[i] = LocalTime.parse(matcher.group(1));
            }
        }
        assertThat(latest).as("an instance has polled").anyMatch(time -> time != null);
        if (latest[0] == null) {
            return 1;
        }
        return latest[1] == null || latest[0].isAfter(latest[1]) ? 0 : 1;
    }

    private static long pollLines(ServiceJar instance) {
        return PIPEDRIVE_POLL_LINE.matcher(instance.output()).results().count();
    }

    /** Nothing is left claimed by the killed instance, or waiting: every stored event ran to its end. */
    private void assertInboxFinished(String database) throws Exception {
        await("every stored event done").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Connection connection = DriverManager.getConnection(database, TestDatabases.POSTGRES_USER, "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'")) {
                rows.next();
                return rows.getLong(1) == 0;
            }
        });
    }
}
