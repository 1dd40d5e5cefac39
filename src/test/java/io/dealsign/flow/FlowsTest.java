package io.dealsign.flow;

import io.dealsign.binding.Binding;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.inbox.Inbox;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.DealEvent;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.simulator.pipedrive.StoredFile;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mission's flows end to end, over real HTTP: a sales rep acts in the Pipedrive simulator, a
 * signer in the DottedSign simulator, the webhooks reach the service, and the outcome is asserted in
 * both simulators and in the binding table.
 */
class FlowsTest {

    private static final Duration FLOW = Duration.ofSeconds(20);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    private SyncWorld start(Map<String, String> properties) {
        world = worlds.start(properties);
        return world;
    }

    private Deal dealWithSigner(String title) {
        return world.dealWithSigner(title);
    }

    private List<Task> tasksOfDeal(long dealId) {
        return world.tasksOfDeal(dealId);
    }

    private Task theTaskOf(long dealId) {
        await().atMost(FLOW).until(() -> world.binding(dealId) != null && world.binding(dealId).hasTask());
        List<Task> tasks = tasksOfDeal(dealId);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    @Test
    void should_send_one_signing_task_to_the_deals_person_and_bind_it_both_ways_when_a_deal_is_added() {
        start(Map.of());
        Deal deal = dealWithSigner("Acme rollout");

        Task task = theTaskOf(deal.id());

        assertThat(task.status()).isEqualTo(TaskStatus.WAITING);
        assertThat(task.templateId()).isEqualTo(SyncWorld.TEMPLATE_ID);
        assertThat(task.fileName()).isEqualTo("Contract - Acme rollout");
        assertThat(task.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.email()).isEqualTo("ada@example.com");
            assertThat(stage.name()).isEqualTo("Ada Signer");
        });
        assertThat(task.metadata()).containsEntry("pipedrive_deal_id", String.valueOf(deal.id()));
        Binding binding = world.binding(deal.id());
        assertThat(binding.taskId()).isEqualTo(task.taskId());
        assertThat(binding.state()).isEqualTo(Binding.State.BOUND);
        assertThat(binding.taskStatus()).isEqualTo("waiting");
    }

    @Test
    void should_create_exactly_one_task_when_the_webhook_arrives_four_times_and_twice_at_once() {
        start(Map.of());
        Deal deal = world.withoutPipedriveWebhooks(() -> dealWithSigner("Duplicated"));
        DealEvent created = world.pipedrive.events().stream()
                .filter(e -> e.dealId() == deal.id()).findFirst().orElseThrow();

        CompletableFuture.allOf(CompletableFuture.runAsync(() -> world.pipedrive.redeliver(created.id())),
                CompletableFuture.runAsync(() -> world.pipedrive.redeliver(created.id()))).join();
        world.pipedrive.redeliver(created.id());
        world.pipedrive.redeliver(created.id());

        theTaskOf(deal.id());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> tasksOfDeal(deal.id()).size() == 1);
    }

    @Test
    void should_record_why_and_leave_one_note_when_the_deal_has_no_email_to_send_to() {
        start(Map.of());
        Person person = world.pipedrive.createPerson("No Mail");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Unreachable").withPerson(person.id()));

        await().atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);

        Binding binding = world.binding(deal.id());
        assertThat(binding.state()).isEqualTo(Binding.State.NO_SIGNER);
        assertThat(binding.reason()).contains("No Mail").contains("no e-mail");
        assertThat(world.pipedrive.notesOfDeal(deal.id()).get(0).content()).contains("not sent for signature");
        assertThat(tasksOfDeal(deal.id())).isEmpty();
    }

    @Test
    void should_record_a_deal_without_a_contact_person() {
        start(Map.of());
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Nobody"));

        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null);

        assertThat(world.binding(deal.id()).reason()).isEqualTo("the deal has no contact person");
        await().atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
    }

    @Test
    void should_send_contracts_only_for_deals_meeting_the_configured_condition() {
        start(Map.of("sync.contract.condition", "${body.title} contains 'Enterprise'"));
        Deal small = dealWithSigner("Small shop");
        Deal big = dealWithSigner("Enterprise suite");

        theTaskOf(big.id());
        await().atMost(FLOW).until(() -> world.binding(small.id()) != null);
        assertThat(world.binding(small.id()).state()).isEqualTo(Binding.State.NOT_SELECTED);
        assertThat(tasksOfDeal(small.id())).isEmpty();
    }

    @Test
    void should_record_dottedsigns_refusal_on_the_binding_without_retrying() {
        start(Map.of("dottedsign.template-id", "999"));
        Deal deal = dealWithSigner("Unknown template");

        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null);

        assertThat(world.binding(deal.id()).state()).isEqualTo(Binding.State.FAILED);
        assertThat(world.binding(deal.id()).reason()).contains("403044");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> world.dottedSign.requests().count("POST", "/v1/sign_tasks") == 1);
    }

    @Test
    void should_void_the_task_out_for_signing_when_its_deal_is_deleted() {
        start(Map.of());
        Deal deal = dealWithSigner("To delete");
        Task task = theTaskOf(deal.id());

        world.pipedrive.deleteDeal(deal.id());

        await().atMost(FLOW).until(() -> world.dottedSign.task(task.taskId()).orElseThrow().status() == TaskStatus.VOIDED);
        await().atMost(FLOW).until(() -> world.binding(deal.id()).state() == Binding.State.DEAL_DELETED);
        assertThat(world.pipedrive.notesOfDeal(deal.id())).as("no note on a deleted deal").isEmpty();
    }

    @Test
    void should_record_the_deletion_before_voiding_so_that_the_voided_webhook_leaves_the_deal_alone() throws Exception {
        start(Map.of());
        Deal deal = dealWithSigner("Voided on deletion");
        Task task = theTaskOf(deal.id());
        CompletableFuture<Binding.State> stateWhenVoiding = new CompletableFuture<>();
        AdviceWith.adviceWith(world.service().camelContext(), "deal-deleted", route -> route
                .weaveByToUri("direct:dottedsign-void-task").before()
                .process(exchange -> stateWhenVoiding.complete(world.binding(deal.id()).state())));

        world.pipedrive.deleteDeal(deal.id());

        assertThat(stateWhenVoiding.get(FLOW.toSeconds(), TimeUnit.SECONDS))
                .as("the binding when the void call goes out").isEqualTo(Binding.State.DEAL_DELETED);
        await().atMost(FLOW).until(() -> world.dottedSign.task(task.taskId()).orElseThrow().status() == TaskStatus.VOIDED);
        await().atMost(FLOW).until(() -> world.service().camelContext().getRegistry()
                .lookupByNameAndType(DatabaseConfiguration.INBOX, Inbox.class)
                .rows("DONE", List.of("task:" + task.taskId()), 10).stream().anyMatch(row -> row.kind().contains("voided")));
        assertThat(world.pipedrive.notesOfDeal(deal.id())).as("no note on a deleted deal").isEmpty();
    }

    @Test
    void should_discard_a_draft_task_found_by_metadata_when_its_unbound_deal_is_deleted() {
        start(Map.of());
        Deal deal = world.withoutPipedriveWebhooks(() -> dealWithSigner("Draft only"));
        long draft = world.dottedSign.seed(SeedTask.withStatus(TaskStatus.DRAFT)
                .withMetadata("pipedrive_deal_id", String.valueOf(deal.id())));

        world.pipedrive.deleteDeal(deal.id());

        await().atMost(FLOW).until(() -> world.dottedSign.task(draft).orElseThrow().discarded());
    }

    @Test
    void should_move_the_binding_to_the_surviving_deal_on_a_merge_instead_of_voiding() {
        start(Map.of());
        Deal merged = dealWithSigner("Merged away");
        Task task = theTaskOf(merged.id());
        Deal survivor = world.withoutPipedriveWebhooks(() -> world.pipedrive.createDeal(DealDraft.titled("Survivor")));

        world.pipedrive.mergeDeals(merged.id(), survivor.id());

        await().atMost(FLOW).until(() -> world.binding(survivor.id()) != null && world.binding(survivor.id()).hasTask());
        assertThat(world.binding(survivor.id()).taskId()).isEqualTo(task.taskId());
        assertThat(world.dottedSign.task(task.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);
    }

    @Test
    void should_mark_the_deal_won_and_attach_the_signed_pdf_and_audit_trail_once_when_all_signed() throws Exception {
        start(Map.of());
        Deal deal = dealWithSigner("Signed deal");
        Task task = theTaskOf(deal.id());

        world.dottedSign.sign(task.taskId());

        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("won");
        List<StoredFile> files = world.pipedrive.filesOfDeal(deal.id());
        assertThat(files).extracting(StoredFile::name)
                .containsExactlyInAnyOrder("Contract - Signed deal (signed).pdf", "Contract - Signed deal (audit trail).pdf");
        assertThat(files).allSatisfy(f -> assertThat(new String(f.bytes(), 0, 5)).isEqualTo("%PDF-"));
        Path archived = world.archive().resolve(deal.id() + "/Contract - Signed deal (signed).pdf");
        assertThat(archived).exists();
        assertThat(Files.readAllBytes(archived)).isEqualTo(files.stream()
                .filter(f -> f.name().contains("(signed)")).findFirst().orElseThrow().bytes());

        world.dottedSign.redeliverLastWebhook(task.taskId());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        assertThat(world.binding(deal.id()).outcomeApplied()).isEqualTo("completed");
    }

    @Test
    void should_add_a_note_when_the_signer_declines_and_mark_the_deal_lost_when_configured() {
        start(Map.of("sync.outcome.declined.mark-lost", "true", "sync.outcome.declined.lost-reason", "Signer said no"));
        Deal deal = dealWithSigner("Declined deal");
        Task task = theTaskOf(deal.id());

        world.dottedSign.decline(task.taskId());

        await().atMost(FLOW).until(() -> "lost".equals(world.pipedrive.deal(deal.id()).orElseThrow().status()));
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().lostReason()).isEqualTo("Signer said no");
        assertThat(world.pipedrive.notesOfDeal(deal.id())).singleElement()
                .satisfies(note -> assertThat(note.content()).contains("declined"));
    }

    @Test
    void should_add_a_note_when_the_task_expires() {
        start(Map.of());
        Deal deal = dealWithSigner("Expiring deal");
        Task task = theTaskOf(deal.id());

        world.dottedSign.expire(task.taskId());

        await().atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("open");
    }

    @Test
    void should_end_with_one_task_when_the_service_stops_between_creating_the_task_and_recording_it() throws Exception {
        start(Map.of());
        CamelContext firstRun = world.service().camelContext();
        AdviceWith.adviceWith(firstRun, "send-contract", route -> route.weaveByToUri("direct:dottedsign-create-task")
                .after().process(exchange -> {
                    // The task exists in DottedSign; the service goes down before the binding is written.
                    new Thread(world::stopService).start();
                    throw new IllegalStateException("simulated crash after the task was created");
                }));
        Deal deal = dealWithSigner("Crash in between");
        await().atMost(FLOW).until(() -> tasksOfDeal(deal.id()).size() == 1);
        await().atMost(FLOW).until(firstRun::isStopped);

        world.startService();

        Task task = theTaskOf(deal.id());
        assertThat(world.binding(deal.id()).taskId()).isEqualTo(task.taskId());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> tasksOfDeal(deal.id()).size() == 1);
    }

    @Test
    void should_finish_the_flow_when_the_dottedsign_token_expires_in_the_middle() {
        start(Map.of());
        Deal deal = dealWithSigner("Token expiry");
        Task task = theTaskOf(deal.id());

        world.dottedSign.expireAllTokens();
        world.dottedSign.sign(task.taskId());

        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
    }
}
