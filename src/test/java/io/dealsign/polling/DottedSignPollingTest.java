package io.dealsign.polling;

import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dealsign.polling.PollingRoutes.POLL_DOTTEDSIGN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DottedSignPollingTest {

    private static final Duration FLOW = Duration.ofSeconds(20);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    private Task boundTaskOfNewDeal(String title) {
        Person person = world.pipedrive.createPerson("Poll Signer", "poll@example.com");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled(title).withPerson(person.id()));
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        return world.dottedSign.task(world.binding(deal.id()).taskId()).orElseThrow();
    }

    private long dealOf(Task task) {
        return Long.parseLong(task.metadata().get("pipedrive_deal_id"));
    }

    @Test
    void should_find_a_task_completed_without_a_webhook_and_mark_the_deal_won_with_its_attachment() {
        world = worlds.start(Map.of());
        Task task = boundTaskOfNewDeal("Silent completion");
        world.dottedSign.webhookDelivery(false);

        world.dottedSign.sign(task.taskId());
        PollSummary summary = (PollSummary) world.poll(POLL_DOTTEDSIGN);

        assertThat(summary.eventsStored()).isEqualTo(1);
        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(dealOf(task)).size() == 2);
        assertThat(world.pipedrive.deal(dealOf(task)).orElseThrow().status()).isEqualTo("won");
    }

    @Test
    void should_not_store_again_after_a_restart_what_the_last_cycle_already_handled() {
        world = worlds.start(Map.of());
        Task task = boundTaskOfNewDeal("Restart");
        world.dottedSign.webhookDelivery(false);
        world.dottedSign.decline(task.taskId());
        assertThat(((PollSummary) world.poll(POLL_DOTTEDSIGN)).eventsStored()).isEqualTo(1);
        await().atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(dealOf(task)).size() == 1);
        Instant watermark = world.service().camelContext().getRegistry()
                .lookupByNameAndType("watermarks", Watermarks.class).stored(io.dealsign.dottedsign.TaskPoller.NAME).orElseThrow();

        world.stopService();
        world.startService();
        PollSummary afterRestart = (PollSummary) world.poll(POLL_DOTTEDSIGN);

        assertThat(afterRestart.eventsStored()).isZero();
        assertThat(afterRestart.pagesRead()).isEqualTo(1);
        assertThat(afterRestart.watermark()).isAfterOrEqualTo(watermark);
        assertThat(world.pipedrive.notesOfDeal(dealOf(task))).hasSize(1);
    }

    @Test
    void should_read_a_bounded_number_of_pages_for_three_changes_among_two_thousand_tasks() {
        world = worlds.start(Map.of("sync.poll.dottedsign.page-size", "50"));
        world.dottedSign.webhookDelivery(false);
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        List<SeedTask> quiet = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            quiet.add(SeedTask.withStatus(TaskStatus.WAITING).withUpdatedAt(twoHoursAgo.minusSeconds(i)));
        }
        List<Long> ids = world.dottedSign.seed(quiet);
        PollSummary first = (PollSummary) world.poll(POLL_DOTTEDSIGN);
        assertThat(first.pagesRead()).as("the first cycle reads the look-back window").isGreaterThanOrEqualTo(40);

        world.dottedSign.sign(ids.get(10));
        world.dottedSign.decline(ids.get(500));
        world.dottedSign.expire(ids.get(1500));
        PollSummary second = (PollSummary) world.poll(POLL_DOTTEDSIGN);

        assertThat(second.itemsSeen()).as("the three changes, and the task at the watermark's instant").isBetween(3, 4);
        assertThat(second.pagesRead()).isEqualTo(1);
        long listCalls = world.dottedSign.requests().count("GET", "/v1/sign_tasks/list");
        assertThat(listCalls).isEqualTo(first.pagesRead() + second.pagesRead());
    }

    @Test
    void should_bind_a_task_created_before_a_crash_left_it_unbound() {
        world = worlds.start(Map.of());
        world.pipedrive.webhookDelivery(false);
        Person person = world.pipedrive.createPerson("Orphan Signer", "orphan@example.com");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Orphan").withPerson(person.id()));
        long orphan = world.dottedSign.seed(SeedTask.withStatus(TaskStatus.WAITING)
                .withMetadata("pipedrive_deal_id", String.valueOf(deal.id())));

        world.poll(POLL_DOTTEDSIGN);

        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        assertThat(world.binding(deal.id()).taskId()).isEqualTo(orphan);
        assertThat(world.dottedSign.tasks()).hasSize(1);
    }
}
