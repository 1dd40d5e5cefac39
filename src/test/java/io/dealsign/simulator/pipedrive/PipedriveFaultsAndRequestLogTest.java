package io.dealsign.simulator.pipedrive;

import io.dealsign.simulator.RecordedRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipedriveFaultsAndRequestLogTest extends SimulatorTestSupport {

    @Test
    void injected_errors_answer_500_in_pipedrive_error_shape_and_spare_control_paths() {
        long id = sim.createDeal("Acme", null).id();
        sim.faults().errorRate(1.0);

        ApiClient.Reply faulted = api.get("/api/v2/deals/" + id);
        ApiClient.Reply control = new ApiClient(sim.baseUrl(), null).get("/_sim/deals/" + id);

        assertThat(faulted.status()).isEqualTo(500);
        assertThat(faulted.json().getBoolean("success")).isFalse();
        assertThat(faulted.json().getString("error")).isNotBlank();
        assertThat(faulted.json().getString("error_info")).isEqualTo("Please check developers.pipedrive.com");
        assertThat(control.status()).isEqualTo(200);

        sim.faults().none();
        assertThat(api.get("/api/v2/deals/" + id).status()).isEqualTo(200);
    }

    @Test
    void an_injected_timeout_never_answers_so_the_client_timeout_fires() {
        sim.faults().timeoutRate(1.0);

        assertThatThrownBy(() -> api.http().sendAsync(api.request("/api/v1/webhooks").timeout(Duration.ofMillis(300)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void the_request_log_records_what_the_product_sent_and_what_it_got() {
        long id = sim.createDeal("Acme", null).id();

        api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "won"));
        api.withToken(null).get("/api/v2/deals/" + id);

        RecordedRequest patch = sim.requests().calls("PATCH", "/api/v2/deals/" + id).get(0);
        assertThat(patch.header("x-api-token")).isEqualTo(TOKEN);
        assertThat(new JsonObject(patch.bodyAsString()).getString("status")).isEqualTo("won");
        assertThat(patch.status()).isEqualTo(200);
        assertThat(sim.requests().calls("GET", "/api/v2/deals/" + id)).singleElement()
                .extracting(RecordedRequest::status).isEqualTo(401);
    }

    @Test
    void added_latency_delays_answers_without_failing_them() {
        sim.faults().latency(Duration.ofMillis(150));
        long started = System.nanoTime();

        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }
}
