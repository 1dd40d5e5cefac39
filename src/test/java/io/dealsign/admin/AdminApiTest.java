package io.dealsign.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.binding.Binding;
import io.dealsign.inbox.Inbox;
import io.dealsign.pipedrive.PipedriveBudget;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API over real HTTP, against both simulators and the service. One world serves every test
 * (starting it is most of the cost); each test works on deals of its own and heals what it broke.
 * Events park at their first failure ({@code sync.inbox.max-attempts=1}) and API calls are not retried
 * inside an attempt, so an injected fault parks an event at once.
 */
class AdminApiTest {

    static final String TOKEN = "admin-token-for-tests-0123456789abcdef";
    private static final Duration FLOW = Duration.ofSeconds(20);

    @TempDir
    static Path work;
    static SyncWorld world;
    static AdminClient admin;

    @BeforeAll
    static void start() {
        world = SyncWorld.start(work, Map.of(
                AdminToken.SETTING, TOKEN,
                "sync.inbox.max-attempts", "1",
                "dottedsign.retry.max-retries", "0",
                "pipedrive.retry.max-retries", "0"));
        admin = new AdminClient(world.service(), TOKEN, List.of(TOKEN, SyncWorld.PIPEDRIVE_TOKEN,
                SyncWorld.WEBHOOK_PASSWORD, SyncWorld.CLIENT_SECRET));
    }

    @AfterEach
    void heal() {
        world.dottedSign.faults().none();
        world.pipedrive.faults().none();
        world.pipedrive.unlimitedDailyBudget();
        budget().resume();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void should_list_a_parked_event_and_run_it_to_the_end_when_it_is_replayed() {
        world.dottedSign.faults().errorRate(1.0);
        Deal deal = dealWithSigner("Parked while DottedSign was down");
        JsonNode parked = await().atMost(FLOW).until(() -> events("?status=PARKED&deal=" + deal.id()), e -> e.size() == 1).get(0);

        assertThat(parked.get("kind").asText()).isEqualTo("deal.added");
        assertThat(parked.get("subject").asText()).isEqualTo("deal:" + deal.id());
        assertThat(parked.get("source").asText()).isEqualTo("pipedrive");
        assertThat(parked.get("status").asText()).isEqualTo("PARKED");
        assertThat(parked.get("attempts").asInt()).isEqualTo(1);
        assertThat(parked.get("last_error").asText()).isNotBlank();
        assertThat(parked.get("received_at").asText()).isNotBlank();
        assertThat(parked.get("next_attempt_at").isNull()).as("a parked event has no next attempt").isTrue();

        world.dottedSign.faults().none();
        HttpResponse<String> replay = admin.post("/admin/api/events/" + parked.get("id").asLong() + "/replay");

        assertThat(replay.statusCode()).isEqualTo(202);
        JsonNode replayed = AdminClient.json(replay).get("replayed");
        assertThat(replayed.get("status").asText()).isEqualTo("PENDING");
        assertThat(replayed.get("previous_attempts").asInt()).isEqualTo(1);
        assertThat(replayed.get("previous_last_error").asText()).isEqualTo(parked.get("last_error").asText());
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        JsonNode done = await().atMost(FLOW).until(() -> events("?deal=" + deal.id()).get(0),
                e -> e.get("status").asText().equals("DONE"));
        assertThat(done.get("attempts").asInt()).as("counted from zero again").isEqualTo(1);
        assertThat(world.dottedSign.tasks()).filteredOn(t -> String.valueOf(deal.id()).equals(t.metadata().get("pipedrive_deal_id")))
                .hasSize(1);

        HttpResponse<String> again = admin.post("/admin/api/events/" + parked.get("id").asLong() + "/replay");
        assertThat(again.statusCode()).as("only a parked event is replayed").isEqualTo(409);
        assertThat(AdminClient.json(again).get("error").asText()).contains("DONE");

        JsonNode bindings = AdminClient.json(admin.get("/admin/api/bindings?deal=" + deal.id()));
        assertThat(bindings.get("count").asInt()).isEqualTo(1);
        JsonNode binding = bindings.get("bindings").get(0);
        assertThat(binding.get("deal_id").asLong()).isEqualTo(deal.id());
        assertThat(binding.get("task_id").asLong()).isEqualTo(world.binding(deal.id()).taskId());
        assertThat(binding.get("state").asText()).isEqualTo("BOUND");
        assertThat(AdminClient.json(admin.get("/admin/api/bindings?deal=999999")).get("count").asInt()).isZero();
        JsonNode bound = AdminClient.json(admin.get("/admin/api/bindings?state=bound&limit=1000")).get("bindings");
        assertThat(texts(bound, "deal_id")).contains(String.valueOf(deal.id()));
        assertThat(texts(bound, "state")).containsOnly("BOUND");
        assertThat(texts(AdminClient.json(admin.get("/admin/api/bindings?state=NO_SIGNER")).get("bindings"), "deal_id"))
                .doesNotContain(String.valueOf(deal.id()));
    }

    /**
     * DottedSign is down while a deal arrives and while its signer completes a task sent before a crash
     * (bound from the task's metadata): the deal's event and the task's event both park. Replaying the
     * deal runs both; another deal's parked event stays parked.
     */
    @Test
    void should_replay_every_parked_event_of_a_deal_and_of_its_task_and_nothing_else() {
        world.dottedSign.faults().errorRate(1.0);
        Deal deal = dealWithSigner("Deal and task parked");
        await().atMost(FLOW).until(() -> events("?status=PARKED&deal=" + deal.id()).size() == 1);
        long taskId = world.dottedSign.seed(SeedTask.withStatus(TaskStatus.WAITING).withFileName("Contract - Deal and task parked")
                .withMetadata("pipedrive_deal_id", String.valueOf(deal.id())));
        world.dottedSign.sign(taskId);
        await().atMost(FLOW).until(() -> events("?status=PARKED&deal=" + deal.id()).size() == 2);
        Deal other = dealWithSigner("Someone else's parked deal");
        await().atMost(FLOW).until(() -> events("?status=PARKED&deal=" + other.id()).size() == 1);
        world.dottedSign.faults().none();

        HttpResponse<String> replay = admin.post("/admin/api/deals/" + deal.id() + "/replay");

        assertThat(replay.statusCode()).isEqualTo(202);
        JsonNode answer = AdminClient.json(replay);
        assertThat(texts(answer.get("subjects"))).containsExactly("deal:" + deal.id(), "task:" + taskId);
        assertThat(answer.get("count").asInt()).isEqualTo(2);
        assertThat(texts(answer.get("replayed"), "kind")).containsExactly("deal.added", "task.completed");
        await().atMost(FLOW).until(() -> events("?deal=" + deal.id()), e -> e.size() == 2
                && StreamSupport.stream(e.spliterator(), false).allMatch(event -> event.get("status").asText().equals("DONE")));
        assertThat(world.pipedrive.deal(deal.id()).orElseThrow().status()).isEqualTo("won");
        Binding binding = world.binding(deal.id());
        assertThat(binding.taskId()).isEqualTo(taskId);
        assertThat(binding.outcomeApplied()).isEqualTo("completed");
        assertThat(events("?status=PARKED&deal=" + other.id())).as("another deal's event is left alone").hasSize(1);

        HttpResponse<String> nothingLeft = admin.post("/admin/api/deals/" + deal.id() + "/replay");
        assertThat(nothingLeft.statusCode()).isEqualTo(200);
        assertThat(AdminClient.json(nothingLeft).get("count").asInt()).isZero();
    }

    @Test
    void should_answer_401_with_a_bearer_challenge_without_the_token_or_with_a_wrong_one() {
        HttpResponse<String> none = admin.send("GET", "/admin/api/status", "X-Probe", "echo-me-not");
        HttpResponse<String> wrong = admin.send("POST", "/admin/api/pipedrive/resume", "Authorization", "Bearer not-the-token");
        HttpResponse<String> basic = admin.send("GET", "/admin/api/status", "Authorization", "Basic YWRtaW46YWRtaW4=");
        HttpResponse<String> inQuery = admin.send("GET", "/admin/api/status?authorization=Bearer%20" + TOKEN);
        HttpResponse<String> unknownPath = admin.send("GET", "/admin/api/no-such-thing");

        for (HttpResponse<String> refused : List.of(none, wrong, basic, inQuery, unknownPath)) {
            assertThat(refused.statusCode()).as(refused.uri().toString()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
            assertThat(AdminClient.json(refused).get("error").asText()).isNotBlank();
        }
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
        assertThat(none.headers().map()).doesNotContainKey("x-probe");
        assertThat(admin.get("/admin/api/status").statusCode()).isEqualTo(200);
        assertThat(admin.send("GET", "/admin/api/status", "Authorization", "bearer " + TOKEN).statusCode())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void should_show_inbox_counts_and_each_pollers_watermark_and_last_result_after_a_poll_run_from_the_api() {
        HttpResponse<String> dottedSign = admin.post("/admin/api/poll/dottedsign");
        HttpResponse<String> pipedrive = admin.post("/admin/api/poll/pipedrive");

        assertThat(dottedSign.statusCode()).isEqualTo(200);
        assertThat(pipedrive.statusCode()).isEqualTo(200);
        JsonNode dottedSignRun = AdminClient.json(dottedSign);
        assertThat(dottedSignRun.get("poller").asText()).isEqualTo("dottedsign-tasks");
        assertThat(dottedSignRun.get("pages_read").asInt()).isPositive();

        JsonNode status = AdminClient.json(admin.get("/admin/api/status"));

        Inbox inbox = world.service().camelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        JsonNode counts = status.get("inbox");
        assertThat(counts.size()).isEqualTo(4);
        for (String state : Inbox.STATUSES) {
            assertThat(counts.get(state).asLong()).as(state).isEqualTo(inbox.count(state));
        }
        JsonNode pollers = status.get("pollers");
        assertThat(pollers.get("dottedsign").get("name").asText()).isEqualTo("dottedsign-tasks");
        assertThat(pollers.get("dottedsign").get("watermark").asText()).isEqualTo(dottedSignRun.get("watermark").asText());
        assertThat(pollers.get("dottedsign").get("last_result").asText()).isEqualTo(dottedSignRun.get("summary").asText());
        assertThat(pollers.get("pipedrive").get("last_result").asText()).isEqualTo(AdminClient.json(pipedrive).get("summary").asText());
        assertThat(status.get("pipedrive_budget").get("paused").asBoolean()).isFalse();
    }

    @Test
    void should_resume_pipedrive_calls_and_run_the_events_the_pause_held_back_at_once() {
        world.pipedrive.dailyBudget(1);
        Deal deal = dealWithSigner("Held back by the daily budget");
        await().atMost(FLOW).until(() -> AdminClient.json(admin.get("/admin/api/status")).get("pipedrive_budget").get("paused").asBoolean());
        JsonNode waiting = await().atMost(FLOW).until(() -> events("?status=PENDING&deal=" + deal.id()),
                e -> e.size() == 1 && !e.get(0).get("last_error").isNull()).get(0);
        assertThat(Instant.parse(waiting.get("next_attempt_at").asText())).as("waits for the reset").isAfter(Instant.now().plusSeconds(60));

        world.pipedrive.unlimitedDailyBudget();
        HttpResponse<String> resume = admin.post("/admin/api/pipedrive/resume");

        assertThat(resume.statusCode()).isEqualTo(200);
        JsonNode answer = AdminClient.json(resume);
        assertThat(answer.get("was_paused").asBoolean()).isTrue();
        assertThat(answer.get("events_due_now").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        assertThat(budget().isPaused()).isFalse();
    }

    @Test
    void should_answer_400_for_bad_ids_and_parameters_404_for_unknown_ones_and_405_for_the_wrong_method() {
        assertStatus(admin.post("/admin/api/events/abc/replay"), 400, "positive whole number");
        assertStatus(admin.post("/admin/api/events/0/replay"), 400, "positive whole number");
        assertStatus(admin.post("/admin/api/events/99999999999999999999/replay"), 400, "positive whole number");
        assertStatus(admin.post("/admin/api/events/987654321/replay"), 404, "no event 987654321");
        assertStatus(admin.post("/admin/api/deals/-4/replay"), 400, "positive whole number");
        assertStatus(admin.post("/admin/api/deals/987654321/replay"), 404, "unknown");
        assertStatus(admin.get("/admin/api/events?status=LOST"), 400, "PARKED");
        assertStatus(admin.get("/admin/api/events?dael=42"), 400, "unknown parameter 'dael'");
        assertStatus(admin.get("/admin/api/events?limit=0"), 400, "limit");
        assertStatus(admin.get("/admin/api/events?subject=deal:x"), 400, "deal:<id>");
        assertStatus(admin.get("/admin/api/bindings?deal=abc"), 400, "positive whole number");
        assertStatus(admin.get("/admin/api/bindings?state=HAPPY"), 400, "BOUND");
        assertStatus(admin.post("/admin/api/poll/salesforce"), 404, "dottedsign and pipedrive");
        assertStatus(admin.get("/admin/api/nothing/here"), 404, "GET /admin/api lists them");
        HttpResponse<String> wrongMethod = admin.get("/admin/api/events/1/replay");
        assertStatus(wrongMethod, 405, "POST");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(AdminClient.json(admin.get("/admin/api")).get("endpoints")).hasSize(8);
    }

    // ---------------------------------------------------------------------------------------------------

    private static Deal dealWithSigner(String title) {
        Person person = world.pipedrive.createPerson("Ada Signer", "ada@example.com");
        return world.pipedrive.createDeal(DealDraft.titled(title).withPerson(person.id()));
    }

    private static JsonNode events(String query) {
        HttpResponse<String> answer = admin.get("/admin/api/events" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return AdminClient.json(answer).get("events");
    }

    private static PipedriveBudget budget() {
        return world.service().camelContext().getRegistry().lookupByNameAndType(PipedriveBudget.BEAN, PipedriveBudget.class);
    }

    private static void assertStatus(HttpResponse<String> answer, int status, String reason) {
        assertThat(answer.statusCode()).as("%s %s", answer.request().method(), answer.uri()).isEqualTo(status);
        assertThat(AdminClient.json(answer).get("error").asText()).contains(reason);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).asText()).toList();
    }
}
