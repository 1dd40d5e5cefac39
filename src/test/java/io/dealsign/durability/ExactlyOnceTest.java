package io.dealsign.durability;

import io.dealsign.pipedrive.DealFile;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.simulator.pipedrive.StoredFile;
import io.dealsign.testing.Effects;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every effect on Pipedrive or DottedSign happens once, when the service fails right after an API call
 * succeeded and before it recorded it (the moment a crash, a lost answer or a failing next step hits
 * hardest), and when two deliveries of one outcome are processed at the same moment. The failure is
 * injected at the end of the client's route for that call (AdviceWith), so it hits whichever flow made
 * it; the inbox then runs the event again, as it does after a restart, and the flow must recover from
 * the API's own state instead of repeating the call.
 */
class ExactlyOnceTest {

    private static final Duration FLOW = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofSeconds(2);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_create_one_task_when_the_service_fails_after_dottedsign_created_it() throws Exception {
        start(Map.of());
        failOnceAfter("dottedsign-create-task");

        Deal deal = dealWithSigner("Create then fail");

        Task task = theTaskOf(deal.id());
        await().during(STABLE).atMost(FLOW).until(() -> tasksOfDeal(deal.id()).size() == 1);
        assertThat(world.binding(deal.id()).taskId()).isEqualTo(task.taskId());
        assertThat(succeeded(world.dottedSign.requests().all(), "POST", "/v1/sign_tasks")).isEqualTo(1);
    }

    @Test
    void should_add_the_missing_signer_note_once_when_the_service_fails_after_adding_it() throws Exception {
        start(Map.of());
        failOnceAfter("pipedrive-add-note");

        Person person = world.pipedrive.createPerson("No Mail");
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("Unreachable").withPerson(person.id()));

        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null
                && "no-signer-note".equals(world.binding(deal.id()).outcomeApplied()));
        await().during(STABLE).atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
    }

    @Test
    void should_add_the_declined_note_once_when_the_service_fails_after_adding_it() throws Exception {
        start(Map.of());
        failOnceAfter("pipedrive-add-note");
        Deal deal = dealWithSigner("Declined, then fail");
        Task task = theTaskOf(deal.id());

        world.dottedSign.decline(task.taskId());

        await().atMost(FLOW).until(() -> "declined".equals(world.binding(deal.id()).outcomeApplied()));
        await().during(STABLE).atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
        assertThat(world.pipedrive.notesOfDeal(deal.id()).get(0).content()).contains("declined");
    }

    @Test
    void should_add_the_declined_note_once_when_marking_the_deal_lost_fails_after_it() throws Exception {
        start(Map.of("sync.outcome.declined.mark-lost", "true"));
        failOnceBefore("pipedrive-update-deal");
        Deal deal = dealWithSigner("Declined, lost fails once");
        Task task = theTaskOf(deal.id());

        world.dottedSign.decline(task.taskId());

        await().atMost(FLOW).until(() -> "lost".equals(world.pipedrive.deal(deal.id()).orElseThrow().status()));
        await().during(STABLE).atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
    }

    @Test
    void should_mark_the_deal_lost_once_when_the_service_fails_after_marking_it_lost() throws Exception {
        start(Map.of("sync.outcome.expired.mark-lost", "true"));
        failOnceAfter("pipedrive-update-deal");
        Deal deal = dealWithSigner("Expired, lost, then fail");
        Task task = theTaskOf(deal.id());

        world.dottedSign.expire(task.taskId());

        await().atMost(FLOW).until(() -> "expired".equals(world.binding(deal.id()).outcomeApplied()));
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("lost");
        assertThat(world.pipedrive.notesOfDeal(deal.id())).hasSize(1);
        assertThat(succeeded(world.pipedrive.requests().all(), "PATCH", "/api/v2/deals/" + deal.id()))
                .as("deal updates for one outcome").isEqualTo(1);
    }

    @Test
    void should_update_the_deal_once_when_the_service_fails_after_marking_it_won() throws Exception {
        start(Map.of());
        failOnceAfter("pipedrive-update-deal");
        Deal deal = dealWithSigner("Won, then fail");
        Task task = theTaskOf(deal.id());

        world.dottedSign.sign(task.taskId());

        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("won");
        await().during(STABLE).atMost(FLOW).until(() -> "completed".equals(world.binding(deal.id()).outcomeApplied()));
        assertThat(succeeded(world.pipedrive.requests().all(), "PATCH", "/api/v2/deals/" + deal.id()))
                .as("deal updates for one outcome").isEqualTo(1);
    }

    @Test
    void should_attach_each_signed_file_once_when_the_service_fails_after_attaching_it() throws Exception {
        start(Map.of());
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        AdviceWith.adviceWith(world.service().camelContext(), "pipedrive-attach-file", route -> route.weaveAddLast()
                .process(exchange -> {
                    if (failedOnce.add(exchange.getMessage().getBody(DealFile.class).name())) {
                        throw new IllegalStateException("simulated crash after the file was attached");
                    }
                }));
        Deal deal = dealWithSigner("Attach, then fail");
        Task task = theTaskOf(deal.id());

        world.dottedSign.sign(task.taskId());

        await().atMost(FLOW).until(() -> world.bindings().isAttached(task.taskId(), "completed")
                && world.bindings().isAttached(task.taskId(), "audit_trail"));
        assertThat(failedOnce).as("the service failed after attaching each file").hasSize(2);
        await().during(STABLE).atMost(FLOW).untilAsserted(() -> assertThat(world.pipedrive.filesOfDeal(deal.id()))
                .extracting(StoredFile::name).hasSize(2).doesNotHaveDuplicates());
        assertThat(succeeded(world.pipedrive.requests().all(), "POST", "/api/v1/files")).isEqualTo(2);
    }

    @Test
    void should_void_once_when_the_service_fails_after_voiding_the_task_of_a_deleted_deal() throws Exception {
        start(Map.of());
        failOnceAfter("dottedsign-void-task");
        Deal deal = dealWithSigner("Void, then fail");
        Task task = theTaskOf(deal.id());

        world.pipedrive.deleteDeal(deal.id());

        await().atMost(FLOW).until(() -> world.binding(deal.id()).state() == io.dealsign.binding.Binding.State.DEAL_DELETED);
        assertThat(world.dottedSign.task(task.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.VOIDED);
        assertThat(succeeded(world.dottedSign.requests().all(), "POST", "/v1/sign_tasks/void")).isEqualTo(1);
        assertThat(world.pipedrive.notesOfDeal(deal.id())).as("no note for a task voided because its deal went").isEmpty();
    }

    @Test
    void should_create_one_task_when_the_webhook_twice_and_the_poller_bring_a_new_deal_at_the_same_moment() {
        start(Map.of());
        Deal deal = world.withoutPipedriveWebhooks(() -> dealWithSigner("Added three ways at once"));
        String created = world.pipedrive.events().stream().filter(e -> e.dealId() == deal.id()).findFirst().orElseThrow().id();

        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> world.pipedrive.redeliver(created)),
                CompletableFuture.runAsync(() -> world.pipedrive.redeliver(created)),
                CompletableFuture.runAsync(() -> world.poll("direct:poll-pipedrive"))).join();

        theTaskOf(deal.id());
        await().during(STABLE).atMost(FLOW).until(() -> tasksOfDeal(deal.id()).size() == 1);
        assertThat(Effects.tasksOfDeal(world.dottedSign, deal.id())).hasSize(1);
    }

    @Test
    void should_apply_a_completion_once_when_the_webhook_twice_and_the_poller_bring_it_at_the_same_moment() {
        start(Map.of());
        Deal deal = dealWithSigner("Completed three ways at once");
        Task task = theTaskOf(deal.id());
        world.dottedSign.webhookDelivery(false);
        world.dottedSign.sign(task.taskId());
        world.dottedSign.webhookDelivery(true);

        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> world.dottedSign.redeliverLastWebhook(task.taskId())),
                CompletableFuture.runAsync(() -> world.dottedSign.redeliverLastWebhook(task.taskId())),
                CompletableFuture.runAsync(() -> world.poll("direct:poll-dottedsign"))).join();

        await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        await().during(STABLE).atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);
        assertThat(succeeded(world.pipedrive.requests().all(), "PATCH", "/api/v2/deals/" + deal.id())).isEqualTo(1);
        assertThat(succeeded(world.pipedrive.requests().all(), "POST", "/api/v1/files")).isEqualTo(2);
    }

    @Test
    void should_add_one_note_when_two_deliveries_of_a_decline_and_the_poller_run_at_the_same_moment() {
        start(Map.of());
        Deal deal = dealWithSigner("Declined three ways at once");
        Task task = theTaskOf(deal.id());
        world.dottedSign.webhookDelivery(false);
        world.dottedSign.decline(task.taskId());
        world.dottedSign.webhookDelivery(true);

        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> world.dottedSign.redeliverLastWebhook(task.taskId())),
                CompletableFuture.runAsync(() -> world.dottedSign.redeliverLastWebhook(task.taskId())),
                CompletableFuture.runAsync(() -> world.poll("direct:poll-dottedsign"))).join();

        await().atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
        await().during(STABLE).atMost(FLOW).until(() -> world.pipedrive.notesOfDeal(deal.id()).size() == 1);
    }

    // ------------------------------------------------------------------------------------------------

    private void start(Map<String, String> properties) {
        world = worlds.start(properties);
    }

    /**
     * The first time this API endpoint (a client route such as {@code pipedrive-add-note}) has succeeded,
     * the flow fails: the call's effect exists in the simulator, the flow never recorded it.
     */
    private void failOnceAfter(String apiRouteId) throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        AdviceWith.adviceWith(world.service().camelContext(), apiRouteId, route -> route.weaveAddLast()
                .process(exchange -> {
                    if (failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("simulated crash after " + apiRouteId + " succeeded");
                    }
                }));
    }

    /** The first time a flow calls this API endpoint, the call fails without reaching the API (as after the client's last retry). */
    private void failOnceBefore(String apiRouteId) throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        AdviceWith.adviceWith(world.service().camelContext(), apiRouteId, route -> route.weaveAddFirst()
                .process(exchange -> {
                    if (failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("simulated failure of " + apiRouteId);
                    }
                }));
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

    /** Requests of this method and path that the simulator answered with success. */
    static long succeeded(List<RecordedRequest> requests, String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)
                && r.status() >= 200 && r.status() < 300).count();
    }
}
