package io.dealsign.observe;

import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.dealsign.observe.BusinessMetrics.EVENTS_RECEIVED;
import static io.dealsign.observe.BusinessMetrics.TASKS_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Editing a flow's route file (a hot reload) neither resets nor loses a business count. */
class CountsSurviveReloadTest {

    private static final Duration FLOW = Duration.ofSeconds(30);

    @TempDir
    Path work;
    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_keep_counting_across_a_reload_of_the_flow_that_sends_contracts() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        world = worlds.start(Map.of("sync.routes.dir", routes.toString()));
        Scrape before = Scrape.of(world.service());
        sendContractTo(world.dealWithSigner("Before the edit"));

        try (CapturedLogs logs = new CapturedLogs()) {
            Path flow = routes.resolve("deal-added.camel.yaml");
            String edited = Files.readString(flow).replace("contract sent to", "contract on its way to");
            Path draft = Files.writeString(routes.resolve("deal-added.camel.yaml.tmp"), edited);
            Files.move(draft, flow, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(FLOW).until(() -> logs.contains("Routes reloaded summary"));
            Deal second = world.dealWithSigner("After the edit");
            await().atMost(FLOW).until(() -> logs.contains("created for deal " + second.id() + ": contract on its way to"));
            sendContractTo(second);
        }

        Scrape after = Scrape.of(world.service());
        assertThat(after.since(before, TASKS_SENT + "_total")).isEqualTo(2.0);
        assertThat(after.since(before, EVENTS_RECEIVED + "_total", "source", "pipedrive", "kind", "deal.added")).isEqualTo(2.0);
    }

    private void sendContractTo(Deal deal) {
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
    }
}
