package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveWebhookSubscriptionsTest extends SimulatorTestSupport {

    private static final String SECRET = "s3cret-password";

    private JsonObject registration() {
        return new JsonObject().put("subscription_url", receiver.url()).put("event_action", "*").put("event_object", "deal")
                .put("version", "2.0").put("http_auth_user", "pipedrive").put("http_auth_password", SECRET)
                .put("name", "dealsign-sync");
    }

    @Test
    void webhook_is_created_listed_and_deleted_and_the_password_is_never_echoed() {
        ApiClient.Reply created = api.post("/api/v1/webhooks", registration());

        assertThat(created.status()).isEqualTo(201);
        JsonObject data = created.json().getJsonObject("data");
        assertThat(data.getValue("id")).isEqualTo(1);
        assertThat(data.getString("subscription_url")).isEqualTo(receiver.url());
        assertThat(data.getString("event_action")).isEqualTo("*");
        assertThat(data.getString("event_object")).isEqualTo("deal");
        assertThat(data.getString("version")).isEqualTo("2.0");
        assertThat(data.getString("http_auth_user")).isEqualTo("pipedrive");
        assertThat(data.getString("name")).isEqualTo("dealsign-sync");
        assertThat(data.getValue("is_active")).isEqualTo(1);
        assertThat(created.text()).doesNotContain(SECRET);

        ApiClient.Reply listed = api.get("/api/v1/webhooks");
        JsonArray list = listed.json().getJsonArray("data");
        assertThat(list).hasSize(1);
        assertThat(listed.text()).doesNotContain(SECRET);
        assertThat(new ApiClient(sim.baseUrl(), null).get("/_sim/webhooks").text()).doesNotContain(SECRET);
        assertThat(sim.webhooks().get(0).toString()).doesNotContain(SECRET);

        ApiClient.Reply deleted = api.delete("/api/v1/webhooks/1");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().getBoolean("success")).isTrue();
        assertThat(api.get("/api/v1/webhooks").json().getJsonArray("data")).isEmpty();
        assertThat(api.delete("/api/v1/webhooks/1").status()).isEqualTo(404);
    }

    @Test
    void version_defaults_to_2_0_when_left_out() {
        JsonObject body = registration();
        body.remove("version");

        assertThat(api.post("/api/v1/webhooks", body).json().getJsonObject("data").getString("version")).isEqualTo("2.0");
    }

    @Test
    void invalid_registrations_are_400() {
        assertThat(api.post("/api/v1/webhooks", registration().put("event_action", "updated")).status())
                .as("v1 action on a v2 webhook").isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", registration().put("version", "1.0").put("event_action", "change")).status())
                .as("v2 action on a v1 webhook").isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", registration().put("subscription_url", "not a url")).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", registration().put("event_object", "spaceship")).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", registration().put("version", "3.0")).status()).isEqualTo(400);
        JsonObject noObject = registration();
        noObject.remove("event_object");
        assertThat(api.post("/api/v1/webhooks", noObject).status()).isEqualTo(400);
        assertThat(sim.webhooks()).isEmpty();
    }

    @Test
    void v1_registrations_take_the_v1_vocabulary() {
        ApiClient.Reply reply = api.post("/api/v1/webhooks", registration().put("version", "1.0").put("event_action", "merged"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().getJsonObject("data").getString("version")).isEqualTo("1.0");
    }

    @Test
    void the_forty_first_webhook_is_refused_with_422() {
        for (int i = 0; i < 40; i++) {
            assertThat(api.post("/api/v1/webhooks", registration()).status()).isEqualTo(201);
        }

        ApiClient.Reply refused = api.post("/api/v1/webhooks", registration());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getString("error")).isEqualTo("Webhooks limit reached");
    }
}
