package io.dealsign.durability;

import io.dealsign.binding.Binding;
import io.dealsign.inbox.Inbox;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.simulator.pipedrive.StoredFile;
import io.dealsign.testing.Effects;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every flow converges, each effect once, while both APIs misbehave: 20% of requests answered 500, 5%
 * never answered (the client's 1 s timeout fires), and both rate limits set below the service's own
 * throttle so that 429s come in bursts. Deals are added (one task each), some are deleted (their task
 * voided), some signed (deal won, two files attached), some declined (a note, the deal marked lost),
 * and two have nobody to sign (a note).
 */
class FaultConvergenceTest {

    private static final Duration CONVERGE = Duration.ofSeconds(100);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_converge_every_flow_with_each_effect_once_through_errors_timeouts_and_429_bursts() {
        world = worlds.start(Map.ofEntries(
                Map.entry("pipedrive.http.response-timeout", "1000"),
                Map.entry("dottedsign.http.response-timeout", "1000"),
                Map.entry("pipedrive.retry.first-delay", "100"),
                Map.entry("pipedrive.retry.max-delay", "2000"),
                Map.entry("dottedsign.retry.initial-delay", "100"),
                Map.entry("dottedsign.retry.max-delay", "2000"),
                Map.entry("dottedsign.rate-limit.requests", "10"),
                Map.entry("sync.inbox.max-retry-delay", "1000"),
                Map.entry("sync.inbox.max-attempts", "1000"),
                Map.entry("sync.outcome.declined.mark-lost", "true")));
        world.pipedrive.faults().errorRate(0.2).timeoutRate(0.05);
        world.dottedSign.faults().errorRate(0.2).timeoutRate(0.05);
        // Below the service's throttles (16 per 2 s, 10 per s): the service meets 429s in bursts.
        world.pipedrive.burstLimit(8, Duration.ofSeconds(2));
        world.dottedSign.rateLimit(6, Duration.ofSeconds(1));

        List<Deal> deals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Person person = world.pipedrive.createPerson("Signer " + i, "signer" + i + "@example.com");
            deals.add(world.pipedrive.createDeal(DealDraft.titled("Faulty " + i).withPerson(person.id())));
        }
        List<Deal> withoutSigner = List.of(world.pipedrive.createDeal(DealDraft.titled("Nobody")),
                world.pipedrive.createDeal(DealDraft.titled("No mail").withPerson(world.pipedrive.createPerson("No Mail").id())));

        await("every deal with a signer has its task").atMost(CONVERGE).until(() -> deals.stream().allMatch(deal ->
                world.binding(deal.id()) != null && world.binding(deal.id()).hasTask()));
        List<Deal> signed = deals.subList(0, 6);
        List<Deal> declined = deals.subList(6, 11);
        List<Deal> deleted = deals.subList(11, 16);
        signed.forEach(deal -> world.dottedSign.sign(taskOf(deal).taskId()));
        declined.forEach(deal -> world.dottedSign.decline(taskOf(deal).taskId()));
        deleted.forEach(deal -> world.pipedrive.deleteDeal(deal.id()));

        await("signed deals won with both files").atMost(CONVERGE).until(() -> signed.stream().allMatch(deal ->
                "completed".equals(world.binding(deal.id()).outcomeApplied())
                        && world.bindings().isAttached(world.binding(deal.id()).taskId(), "completed")
                        && world.bindings().isAttached(world.binding(deal.id()).taskId(), "audit_trail")));
        await("declined deals noted and lost").atMost(CONVERGE).until(() -> declined.stream().allMatch(deal ->
                "declined".equals(world.binding(deal.id()).outcomeApplied())));
        await("deleted deals' tasks voided").atMost(CONVERGE).until(() -> deleted.stream().allMatch(deal ->
                world.binding(deal.id()).state() == Binding.State.DEAL_DELETED));
        await("deals without a signer noted").atMost(CONVERGE).until(() -> withoutSigner.stream().allMatch(deal ->
                world.binding(deal.id()) != null && "no-signer-note".equals(world.binding(deal.id()).outcomeApplied())));
        world.pipedrive.faults().none();
        world.dottedSign.faults().none();
        // Anything still queued (a voided task's own webhook, a retry) has run before effects are counted.
        // One query: counted status by status, an event put back from PROCESSING to PENDING in between is missed.
        await().atMost(CONVERGE).until(() -> {
            Map<String, Long> counts = inbox().countByStatus();
            return counts.get("PENDING") + counts.get("PROCESSING") == 0;
        });

        SoftAssertions soft = new SoftAssertions();
        for (Deal deal : deals) {
            soft.assertThat(Effects.tasksOfDeal(world.dottedSign, deal.id())).as("tasks of deal %d", deal.id()).hasSize(1);
        }
        soft.assertThat(world.dottedSign.tasks()).as("tasks created").hasSize(deals.size());
        for (Deal deal : signed) {
            soft.assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("won");
            soft.assertThat(world.pipedrive.filesOfDeal(deal.id())).as("files of deal %d", deal.id())
                    .extracting(StoredFile::name).hasSize(2).doesNotHaveDuplicates();
            soft.assertThat(Effects.apiChangesOfDeal(world.pipedrive, deal.id())).as("updates of deal %d", deal.id())
                    .isEqualTo(1);
        }
        for (Deal deal : declined) {
            soft.assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("lost");
            soft.assertThat(world.pipedrive.notesOfDeal(deal.id())).as("notes of deal %d", deal.id()).hasSize(1);
            soft.assertThat(Effects.apiChangesOfDeal(world.pipedrive, deal.id())).as("updates of deal %d", deal.id())
                    .isEqualTo(1);
        }
        for (Deal deal : deleted) {
            soft.assertThat(taskOf(deal).status()).isEqualTo(TaskStatus.VOIDED);
            soft.assertThat(world.pipedrive.notesOfDeal(deal.id())).isEmpty();
        }
        for (Deal deal : withoutSigner) {
            soft.assertThat(world.pipedrive.notesOfDeal(deal.id())).as("notes of deal %d", deal.id()).hasSize(1);
            soft.assertThat(Effects.tasksOfDeal(world.dottedSign, deal.id())).isEmpty();
        }
        soft.assertThat(world.pipedrive.requests().all()).as("Pipedrive 429s met").anyMatch(r -> r.status() == 429);
        soft.assertThat(world.dottedSign.requests().all()).as("DottedSign 429s met").anyMatch(r -> r.status() == 429);
        soft.assertThat(world.pipedrive.requests().all()).as("Pipedrive 500s met").anyMatch(r -> r.status() == 500);
        soft.assertThat(world.dottedSign.requests().all()).as("DottedSign 500s met").anyMatch(r -> r.status() == 500);
        soft.assertAll();
        assertThat(inbox().count("PARKED")).as("events given up").isZero();
    }

    private Inbox inbox() {
        return world.service().camelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
    }

    private Task taskOf(Deal deal) {
        return world.dottedSign.task(world.binding(deal.id()).taskId()).orElseThrow();
    }
}
