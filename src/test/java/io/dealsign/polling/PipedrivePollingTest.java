package io.dealsign.polling;

import io.dealsign.binding.Binding;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static io.dealsign.polling.PollingRoutes.POLL_PIPEDRIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PipedrivePollingTest {

    private static final Duration FLOW = Duration.ofSeconds(20);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_send_the_contract_of_a_deal_added_while_the_webhook_was_down() {
        world = worlds.start(Map.of());
        world.pipedrive.webhookDelivery(false);
        Person person = world.pipedrive.createPerson("Missed Signer", "missed@example.com");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Missed webhook").withPerson(person.id()));

        PollSummary summary = (PollSummary) world.poll(POLL_PIPEDRIVE);

        assertThat(summary.eventsStored()).isEqualTo(1);
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        assertThat(world.dottedSign.tasks()).hasSize(1);
    }

    @Test
    void should_void_the_task_of_a_deal_deleted_while_the_webhook_was_down() {
        world = worlds.start(Map.of());
        Person person = world.pipedrive.createPerson("Signer", "s@example.com");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Deleted quietly").withPerson(person.id()));
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        long taskId = world.binding(deal.id()).taskId();
        world.pipedrive.webhookDelivery(false);
        world.pipedrive.deleteDeal(deal.id());

        world.poll(POLL_PIPEDRIVE);

        await().atMost(FLOW).until(() -> world.dottedSign.task(taskId).orElseThrow().status() == TaskStatus.VOIDED);
        // The binding is written just after the void call returns.
        await().atMost(FLOW).until(() -> world.binding(deal.id()).state() == Binding.State.DEAL_DELETED);
    }

    @Test
    void should_store_nothing_twice_for_deals_already_handled_and_resume_after_a_restart() {
        world = worlds.start(Map.of());
        Person person = world.pipedrive.createPerson("Signer", "s@example.com");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Handled by webhook").withPerson(person.id()));
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());

        assertThat(((PollSummary) world.poll(POLL_PIPEDRIVE)).eventsStored()).isZero();
        world.stopService();
        world.startService();
        PollSummary afterRestart = (PollSummary) world.poll(POLL_PIPEDRIVE);

        assertThat(afterRestart.eventsStored()).isZero();
        assertThat(world.dottedSign.tasks()).hasSize(1);
    }
}
