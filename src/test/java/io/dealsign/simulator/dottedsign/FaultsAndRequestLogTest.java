package io.dealsign.simulator.dottedsign;

import io.dealsign.simulator.RecordedRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultsAndRequestLogTest extends SimulatorTest {

    @Test
    void should_answer_500_in_the_dottedsign_error_shape_at_error_rate_one() {
        sim.faults().errorRate(1.0);

        assertError(client.get("/v1/sign_tasks/list", token), 500000, "internal_server_error", "injected");
        assertError(client.requestToken("test-client", "test-secret-for-hmac"), 500000, "internal_server_error", "injected");
    }

    @Test
    void should_change_nothing_when_a_create_is_faulted() {
        sim.faults().errorRate(1.0);

        client.post("/v1/sign_tasks", token, new JsonObject().put("file_name", "x").put("template_id", 1)
                .put("stages", new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "A").put("email", "a@b.example"))));

        assertThat(sim.tasks()).isEmpty();
    }

    @Test
    void should_never_fault_control_paths() {
        sim.faults().errorRate(1.0);

        assertThat(client.get("/_sim/settings", null).status()).isEqualTo(200);
        assertThat(client.post("/_sim/tasks", null, new JsonObject().put("status", "draft")).status()).isEqualTo(200);
    }

    @Test
    void should_delay_answers_by_the_injected_latency() {
        sim.faults().latency(Duration.ofMillis(400));

        long started = System.nanoTime();
        ApiClient.Response response = client.get("/v1/sign_tasks/list", token);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void should_leave_a_request_unanswered_at_timeout_rate_one() {
        sim.faults().timeoutRate(1.0);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v1/sign_tasks/list"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMillis(300)).GET().build();

        assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void should_answer_normally_again_once_faults_are_cleared() {
        sim.faults().errorRate(1.0);
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(500);

        sim.faults().none();

        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(200);
    }

    @Test
    void should_record_method_path_query_headers_body_and_status_of_each_request() {
        sim.requests().clear();
        long taskId = client.createTask(token, true, new JsonObject().put("pipedrive_deal_id", 31), "ann@acme.example");
        client.get("/v1/sign_tasks/read?task_id=" + taskId, "wrong-token");

        // The log entry is written when the response has been sent, which may be just after the client has it.
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requests().count("GET", "/v1/sign_tasks/read") == 1);
        RecordedRequest create = sim.requests().calls("POST", "/v1/sign_tasks").get(0);
        assertThat(create.status()).isEqualTo(200);
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(create.header("content-type")).isEqualTo("application/json");
        assertThat(new JsonObject(create.bodyAsString()).getJsonObject("metadata").getInteger("pipedrive_deal_id")).isEqualTo(31);

        RecordedRequest read = sim.requests().calls("GET", "/v1/sign_tasks/read").get(0);
        assertThat(read.query()).isEqualTo("task_id=" + taskId);
        assertThat(read.status()).isEqualTo(400);
        assertThat(read.body()).isEmpty();
    }

    @Test
    void should_answer_an_unknown_api_path_with_a_dottedsign_404() {
        assertError(client.get("/v1/sign_tasks/nonsense", token), 404000, "not_found", "/v1/sign_tasks/nonsense");
    }
}
