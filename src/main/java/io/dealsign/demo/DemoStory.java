package io.dealsign.demo;

import io.dealsign.binding.Binding;
import io.dealsign.binding.Bindings;
import io.dealsign.pipedrive.WebhookWatchdog;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The story the demo plays, one act at a time, as people would: a sales rep adds deals in Pipedrive,
 * signers sign or decline in DottedSign, the rep deletes a deal. Every act happens in a simulator,
 * which tells the service by webhook, exactly as the real systems would; the story then waits until
 * the service's effect shows in the service's records or in the other system.
 */
final class DemoStory {

    static final Logger NARRATOR = LoggerFactory.getLogger("demo");

    private final DemoWorld world;
    private final Supplier<Bindings> bindings;
    private final Expectations expect;
    private final String serviceUrl;
    private final List<Deal> deals = new ArrayList<>();

    DemoStory(DemoWorld world, Supplier<Bindings> bindings, Expectations expect, String serviceUrl) {
        this.world = world;
        this.bindings = bindings;
        this.expect = expect;
        this.serviceUrl = serviceUrl;
    }

    /** Plays every act in order; throws {@link Expectations.DemoStalled} when an effect does not show. */
    void play() throws InterruptedException {
        String subscriptionUrl = serviceUrl + WebhookWatchdog.PATH;
        NARRATOR.info("Act 1/5: the service subscribes itself to Pipedrive's deal events (its webhook watchdog, at start-up)");
        expect.await("the service's webhook watchdog subscribes to Pipedrive's deal events at " + subscriptionUrl,
                () -> world.pipedrive.webhooks().stream().anyMatch(hook -> subscriptionUrl.equals(hook.subscriptionUrl())));

        NARRATOR.info("Act 2/5: a sales rep adds five deals in Pipedrive, four with a contact person to sign, one without");
        Deal signed = addDeal("Acme Corp - annual licence", "Ada Lovelace", "ada@acme.example");
        Deal declined = addDeal("Globex - pilot project", "Hank Scorpio", "hank@globex.example");
        Deal deleted = addDeal("Initech - support renewal", "Bill Lumbergh", "bill@initech.example");
        Deal waiting = addDeal("Hooli - onboarding", "Gavin Belson", "gavin@hooli.example");
        Deal withoutSigner = world.pipedrive.createDeal(DealDraft.titled("Umbrella - consulting"));
        deals.add(withoutSigner);
        for (Deal deal : List.of(signed, declined, deleted, waiting)) {
            expect.await("deal " + deal.id() + " gets a DottedSign task out for signing", () -> taskOf(deal)
                    .filter(task -> task.status() == TaskStatus.WAITING).isPresent() && hasTask(deal));
            NARRATOR.info("Deal {} ({}) is bound to DottedSign task {}, sent to its signer", deal.id(), deal.title(),
                    taskOf(deal).orElseThrow().taskId());
        }
        expect.await("deal " + withoutSigner.id() + " (no contact person) gets a note instead of a task",
                () -> !world.pipedrive.notesOfDeal(withoutSigner.id()).isEmpty());
        NARRATOR.info("Deal {} ({}) has no one to sign: no task, a note tells the sales rep", withoutSigner.id(),
                withoutSigner.title());

        Task signedTask = taskOf(signed).orElseThrow();
        NARRATOR.info("Act 3/5: every signer of task {} signs in DottedSign", signedTask.taskId());
        while (world.dottedSign.task(signedTask.taskId()).orElseThrow().nextUnsignedStage().isPresent()) {
            world.dottedSign.sign(signedTask.taskId());
        }
        expect.await("deal " + signed.id() + " is marked won with the signed PDF and the audit trail attached",
                () -> "won".equals(dealNow(signed).status()) && world.pipedrive.filesOfDeal(signed.id()).size() == 2);
        NARRATOR.info("Deal {} is won; the signed PDF and the audit trail are attached to it and archived", signed.id());

        Task declinedTask = taskOf(declined).orElseThrow();
        NARRATOR.info("Act 4/5: the signer of task {} declines in DottedSign", declinedTask.taskId());
        world.dottedSign.decline(declinedTask.taskId());
        expect.await("deal " + declined.id() + " gets a note saying the contract was declined",
                () -> !world.pipedrive.notesOfDeal(declined.id()).isEmpty());
        NARRATOR.info("Deal {} has a note: the contract was declined", declined.id());

        Task voidedTask = taskOf(deleted).orElseThrow();
        NARRATOR.info("Act 5/5: the sales rep deletes deal {} in Pipedrive while its task {} is out for signing",
                deleted.id(), voidedTask.taskId());
        world.pipedrive.deleteDeal(deleted.id());
        expect.await("task " + voidedTask.taskId() + " of deleted deal " + deleted.id() + " is voided in DottedSign",
                () -> world.dottedSign.task(voidedTask.taskId()).orElseThrow().status() == TaskStatus.VOIDED);
        NARRATOR.info("Task {} is voided: its signer can no longer sign a contract whose deal is gone", voidedTask.taskId());
        NARRATOR.info("Deal {} ({}) stays out for signing", waiting.id(), waiting.title());
    }

    /** Where every deal of the story stands now, in both systems. */
    DemoSummary summary() {
        List<DemoSummary.Row> rows = new ArrayList<>();
        for (Deal deal : deals) {
            Deal now = dealNow(deal);
            Optional<Task> task = taskOf(deal);
            rows.add(new DemoSummary.Row(deal.id(), deal.title(), task.map(Task::taskId).orElse(null),
                    task.map(t -> t.status().wireName()).orElse(null), now.isDeleted() ? "deleted" : now.status(),
                    world.pipedrive.filesOfDeal(deal.id()).size(),
                    world.pipedrive.notesOfDeal(deal.id()).stream().map(note -> note.content()).toList()));
        }
        return new DemoSummary(rows);
    }

    private Deal addDeal(String title, String signerName, String signerEmail) {
        Person person = world.pipedrive.createPerson(signerName, signerEmail);
        Deal deal = world.pipedrive.createDeal(DealDraft.titled(title).withPerson(person.id()));
        deals.add(deal);
        return deal;
    }

    /** The deal's task, found as the service marks it: by {@code metadata.pipedrive_deal_id}. */
    private Optional<Task> taskOf(Deal deal) {
        String dealId = String.valueOf(deal.id());
        return world.dottedSign.tasks().stream()
                .filter(task -> !task.discarded() && dealId.equals(task.metadata().get("pipedrive_deal_id")))
                .findFirst();
    }

    /** Whether the service has recorded the deal's task in its own database. */
    private boolean hasTask(Deal deal) {
        Binding binding = bindings.get().forDeal(deal.id());
        return binding != null && binding.hasTask();
    }

    private Deal dealNow(Deal deal) {
        return world.pipedrive.deal(deal.id()).orElse(deal);
    }
}
