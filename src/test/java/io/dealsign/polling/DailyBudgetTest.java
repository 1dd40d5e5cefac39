package io.dealsign.polling;

import io.dealsign.inbox.Inbox;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The company's daily Pipedrive budget spent: calls stop, events wait, health says so. */
class DailyBudgetTest {

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_stop_calling_pipedrive_and_keep_the_events_waiting_when_the_daily_budget_is_spent() {
        world = worlds.start(Map.of());
        world.pipedrive.dailyBudget(1);
        Person person = world.pipedrive.createPerson("Budget Signer", "budget@example.com");
        world.pipedrive.createDeal(DealDraft.titled("Over budget").withPerson(person.id()));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                world.service().get("/observe/health").body().contains("DEGRADED"));
        HttpResponse<String> health = world.service().get("/observe/health");
        long callsWhenPaused = world.pipedrive.requests().matching(r -> r.path().startsWith("/api/")).size();

        assertThat(health.statusCode()).as("webhooks are still taken").isEqualTo(200);
        assertThat(health.body()).contains("pipedrive-budget").contains("daily");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                world.pipedrive.requests().matching(r -> r.path().startsWith("/api/")).size() == callsWhenPaused);
        Inbox inbox = world.service().camelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        assertThat(inbox.count("PENDING")).as("the event waits for the reset").isEqualTo(1);
        assertThat(inbox.count("PARKED")).isZero();
        assertThat(world.dottedSign.tasks()).isEmpty();
    }
}
