package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskStatusMachineTest extends SimulatorTest {

    private ApiClient.Response voidTask(Object taskId) {
        return client.post("/v1/sign_tasks/void", token, new JsonObject().put("task_id", taskId));
    }

    private ApiClient.Response discard(Object taskId) {
        return client.post("/v1/sign_tasks/discard", token, new JsonObject().put("task_id", taskId));
    }

    private long waitingTask(String... signers) {
        return client.createTask(token, true, new JsonObject(), signers.length == 0 ? new String[]{"ann@acme.example"} : signers);
    }

    @Test
    void should_void_a_waiting_task() {
        long taskId = waitingTask();

        ApiClient.Response response = voidTask(taskId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data()).isEqualTo(new JsonObject().put("task_id", taskId).put("status", "voided"));
        assertThat(read(taskId).getString("status")).isEqualTo("voided");
    }

    @Test
    void should_reject_void_of_a_draft_task() {
        long taskId = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        assertError(voidTask(taskId), 403002, "invalid_action", "draft");
        assertThat(read(taskId).getString("status")).isEqualTo("draft");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "DECLINED", "VOIDED", "EXPIRED"})
    void should_reject_void_of_a_terminal_task(TaskStatus status) {
        long taskId = sim.seed(SeedTask.withStatus(status));

        assertError(voidTask(taskId), 403002, "invalid_action", status.wireName());
    }

    @Test
    void should_accept_a_task_id_sent_as_a_string() {
        long taskId = waitingTask();

        assertThat(voidTask(String.valueOf(taskId)).status()).isEqualTo(200);
    }

    @Test
    void should_discard_a_draft_task_and_then_answer_task_deleted_when_it_is_read() {
        long taskId = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        ApiClient.Response response = discard(taskId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data()).isEqualTo(new JsonObject().put("task_id", taskId));
        assertError(client.get("/v1/sign_tasks/read?task_id=" + taskId, token), 400033, "task_deleted", String.valueOf(taskId));
        assertThat(sim.task(taskId)).get().extracting(Task::discarded).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "DECLINED", "VOIDED", "EXPIRED"})
    void should_discard_a_terminal_task(TaskStatus status) {
        long taskId = sim.seed(SeedTask.withStatus(status));

        assertThat(discard(taskId).status()).isEqualTo(200);
        assertError(client.get("/v1/sign_tasks/read?task_id=" + taskId, token), 400033, "task_deleted", "deleted");
    }

    @Test
    void should_reject_discard_of_a_waiting_task() {
        long taskId = waitingTask();

        assertError(discard(taskId), 403002, "invalid_action", "void");
        assertThat(read(taskId).getString("status")).isEqualTo("waiting");
    }

    @Test
    void should_allow_discard_once_a_waiting_task_is_voided() {
        long taskId = waitingTask();

        assertThat(voidTask(taskId).status()).isEqualTo(200);
        assertThat(discard(taskId).status()).isEqualTo(200);
    }

    @Test
    void should_answer_task_deleted_for_every_call_on_a_discarded_task() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));
        discard(taskId);

        assertError(voidTask(taskId), 400033, "task_deleted", "deleted");
        assertError(discard(taskId), 400033, "task_deleted", "deleted");
        assertError(client.get("/v1/sign_tasks/download_link?task_id=" + taskId + "&file_types=completed", token),
                400033, "task_deleted", "deleted");
    }

    @Test
    void should_answer_task_not_found_for_an_id_it_never_gave() {
        assertError(client.get("/v1/sign_tasks/read?task_id=1", token), 404001, "task_not_found", "1");
        assertError(voidTask(1), 404001, "task_not_found", "1");
        assertError(discard(1), 404001, "task_not_found", "1");
    }

    @Test
    void should_reject_a_missing_or_non_numeric_task_id() {
        assertError(client.get("/v1/sign_tasks/read", token), 400417, "invalid_params", "task_id");
        assertError(client.get("/v1/sign_tasks/read?task_id=abc", token), 400417, "invalid_params", "task_id");
        assertError(client.post("/v1/sign_tasks/void", token, new JsonObject()), 400417, "invalid_params", "task_id");
    }

    @Test
    void should_sign_stage_by_stage_and_complete_after_the_last_signer() {
        long taskId = waitingTask("ann@acme.example", "bob@acme.example");

        Task afterFirst = sim.sign(taskId);
        assertThat(afterFirst.status()).isEqualTo(TaskStatus.WAITING);
        assertThat(read(taskId).getJsonArray("stages").getJsonObject(0).getString("status")).isEqualTo("signed");
        assertThat(read(taskId).getJsonArray("stages").getJsonObject(1).getString("status")).isEqualTo("waiting");

        Task afterSecond = sim.sign(taskId);
        assertThat(afterSecond.status()).isEqualTo(TaskStatus.COMPLETED);
        JsonObject task = read(taskId);
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getJsonArray("stages").stream().map(s -> ((JsonObject) s).getString("status"))).containsExactly("signed", "signed");
    }

    @Test
    void should_decline_at_the_next_signer() {
        long taskId = waitingTask("ann@acme.example", "bob@acme.example");
        sim.sign(taskId);

        sim.decline(taskId);

        JsonObject task = read(taskId);
        assertThat(task.getString("status")).isEqualTo("declined");
        assertThat(task.getJsonArray("stages").stream().map(s -> ((JsonObject) s).getString("status"))).containsExactly("signed", "declined");
    }

    @Test
    void should_expire_a_waiting_task() {
        long taskId = waitingTask();

        sim.expire(taskId);

        assertThat(read(taskId).getString("status")).isEqualTo("expired");
    }

    @Test
    void should_refuse_signer_actions_on_a_task_that_is_not_waiting() {
        long draft = client.createTask(token, false, new JsonObject(), "ann@acme.example");
        long completed = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));

        assertThatThrownBy(() -> sim.sign(draft)).isInstanceOf(IllegalStateException.class).hasMessageContaining("draft");
        assertThatThrownBy(() -> sim.decline(completed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sim.expire(completed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sim.sign(123)).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void should_move_updated_at_forward_on_every_state_change_and_keep_created_at() {
        long taskId = waitingTask("ann@acme.example", "bob@acme.example");
        JsonObject created = read(taskId);

        sim.sign(taskId);
        JsonObject signedOnce = read(taskId);
        sim.sign(taskId);
        JsonObject completed = read(taskId);

        assertThat(time(signedOnce, "updated_at")).isAfter(time(created, "updated_at"));
        assertThat(time(completed, "updated_at")).isAfter(time(signedOnce, "updated_at"));
        assertThat(completed.getString("created_at")).isEqualTo(created.getString("created_at"));
    }

    @Test
    void should_write_timestamps_with_the_configured_offset() {
        sim.timeZone(java.time.ZoneId.of("Asia/Taipei"));
        long taskId = waitingTask();

        assertThat(read(taskId).getString("created_at")).endsWith("+08:00");
    }

    private static OffsetDateTime time(JsonObject task, String field) {
        return OffsetDateTime.parse(task.getString(field));
    }
}
