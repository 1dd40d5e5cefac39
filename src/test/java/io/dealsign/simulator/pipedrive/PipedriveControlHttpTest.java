package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code /_sim} endpoints the standalone simulator and the demo drive. */
class PipedriveControlHttpTest extends SimulatorTestSupport {

    private ApiClient control() {
        return new ApiClient(sim.baseUrl(), null);
    }

    @Test
    void a_sales_rep_works_a_deal_over_http_and_the_api_and_webhooks_follow() {
        api.post("/api/v1/webhooks", new JsonObject().put("subscription_url", receiver.url()).put("event_action", "*")
                .put("event_object", "deal").put("version", "2.0").put("name", "demo"));

        JsonObject person = control().post("/_sim/persons", new JsonObject().put("name", "Jane Doe")
                .put("emails", new JsonArray().add("jane@acme.test"))).json().getJsonObject("data");
        JsonObject deal = control().post("/_sim/deals", new JsonObject().put("title", "Acme")
                .put("person_id", person.getLong("id")).put("value", 900).put("currency", "EUR")).json().getJsonObject("data");
        long dealId = deal.getLong("id");
        control().patch("/_sim/deals/" + dealId, new JsonObject().put("stage_id", 3));
        long other = control().post("/_sim/deals", new JsonObject().put("title", "Dup")).json().getJsonObject("data").getLong("id");
        control().post("/_sim/deals/merge", new JsonObject().put("from_deal_id", other).put("to_deal_id", dealId));
        control().delete("/_sim/deals/" + dealId);

        eventually().until(() -> receiver.received().size() == 6);
        assertThat(receiver.received()).extracting(r -> r.meta().getString("action"))
                .containsExactlyInAnyOrder("create", "change", "create", "delete", "change", "delete");
        assertThat(receiver.received()).extracting(r -> r.meta().getString("change_source")).containsOnly("app");
        assertThat(api.get("/api/v2/persons/" + person.getLong("id")).json().getJsonObject("data").getJsonArray("emails")
                .getJsonObject(0).getString("value")).isEqualTo("jane@acme.test");
        assertThat(api.get("/api/v2/deals/" + dealId).json().getJsonObject("data").getBoolean("is_deleted")).isTrue();

        JsonArray events = control().get("/_sim/events").json().getJsonArray("data");
        assertThat(events).hasSize(6);
        String firstEvent = events.getJsonObject(0).getString("id");
        assertThat(control().post("/_sim/events/" + firstEvent + "/redeliver", new JsonObject()).status()).isEqualTo(200);
        eventually().until(() -> control().get("/_sim/deliveries?event_id=" + firstEvent).json().getJsonArray("data").size() == 2);
        JsonObject delivery = control().get("/_sim/deliveries?event_id=" + firstEvent).json().getJsonArray("data").getJsonObject(0);
        assertThat(delivery.getString("outcome")).isEqualTo("DELIVERED");
        assertThat(delivery.getJsonObject("body").getJsonObject("meta").getString("id")).isEqualTo(firstEvent);
    }

    @Test
    void seeding_creates_many_deals_without_webhooks() {
        sim.subscribe(receiver.url(), "*", "2.0", null, null);

        JsonArray seeded = control().post("/_sim/deals/seed", new JsonObject().put("count", 120).put("title_prefix", "Bulk "))
                .json().getJsonArray("data");

        assertThat(seeded).hasSize(120);
        assertThat(seeded.getJsonObject(119).getString("title")).isEqualTo("Bulk 120");
        assertThat(sim.deals()).hasSize(120);
        assertThat(sim.events()).isEmpty();
    }

    @Test
    void settings_change_at_run_time_over_http() {
        JsonObject settings = control().patch("/_sim/settings", new JsonObject().put("burst_limit", 1)
                .put("daily_budget", 50).put("retry_after", true).put("webhook_time_scale", 0.5)
                .put("token_costs", new JsonObject().put("LIST_WEBHOOKS", 7))).json().getJsonObject("data");

        assertThat(settings.getInteger("burst_limit")).isEqualTo(1);
        assertThat(settings.getLong("daily_budget")).isEqualTo(50);
        assertThat(api.get("/api/v1/webhooks").header("x-daily-ratelimit-token-remaining")).isEqualTo("43");
        assertThat(api.get("/api/v1/webhooks").header("retry-after")).isNotNull();

        control().post("/_sim/clock/advance", new JsonObject().put("seconds", 2));
        control().post("/_sim/budget/reset", new JsonObject());
        assertThat(api.get("/api/v1/webhooks").header("x-daily-ratelimit-token-remaining")).isEqualTo("43");

        control().patch("/_sim/settings", new JsonObject().put("burst_limit", 0).put("daily_budget", null));
        assertThat(sim.dailyBudgetRemaining()).isNull();
        assertThat(sim.webhookTimeScale()).isEqualTo(0.5);
    }

    @Test
    void faults_can_be_injected_over_http() {
        control().patch("/_sim/faults", new JsonObject().put("error_rate", 1.0));
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(500);

        control().patch("/_sim/faults", new JsonObject().put("error_rate", 0.0));
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(200);
    }

    @Test
    void uploaded_files_notes_and_requests_can_be_read_back_over_http() {
        long dealId = sim.createDeal("Acme", null).id();
        byte[] pdf = "%PDF-1.4 signed".getBytes(StandardCharsets.UTF_8);
        long fileId = api.postMultipart("/api/v1/files", Map.of("deal_id", String.valueOf(dealId)), "signed.pdf",
                "application/pdf", pdf).json().getJsonObject("data").getLong("id");
        api.post("/api/v1/notes", new JsonObject().put("content", "<p>signed</p>").put("deal_id", dealId));

        assertThat(control().get("/_sim/files/" + fileId + "/content").body()).isEqualTo(pdf);
        assertThat(control().get("/_sim/files?deal_id=" + dealId).json().getJsonArray("data")).hasSize(1);
        assertThat(control().get("/_sim/notes?deal_id=" + dealId).json().getJsonArray("data").getJsonObject(0)
                .getString("content")).isEqualTo("<p>signed</p>");
        JsonArray requests = control().get("/_sim/requests").json().getJsonArray("data");
        assertThat(requests.stream().map(r -> ((JsonObject) r).getString("path"))).contains("/api/v1/files", "/api/v1/notes");
    }

    @Test
    void a_webhook_can_be_switched_to_v1_payloads_over_http() {
        Webhook webhook = sim.subscribe(receiver.url(), "*", "2.0", null, null);

        control().put("/_sim/webhooks/" + webhook.id() + "/version", new JsonObject().put("version", "1.0"));
        sim.createDeal("Acme", null);

        eventually().until(() -> receiver.v1("added.deal").size() == 1);
        assertThat(control().get("/_sim/webhooks").json().getJsonArray("data").getJsonObject(0).getString("forced_version"))
                .isEqualTo("1.0");
    }

    @Test
    void control_errors_are_json_with_the_right_status() {
        assertThat(control().get("/_sim/deals/99").status()).isEqualTo(404);
        assertThat(control().patch("/_sim/deals/99", new JsonObject().put("status", "won")).status()).isEqualTo(404);
        long id = sim.createDeal("Acme", null).id();
        ApiClient.Reply bad = control().patch("/_sim/deals/" + id, new JsonObject().put("status", "maybe"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getBoolean("success")).isFalse();
    }

    @Test
    void the_launcher_parses_its_options_and_starts_a_simulator() {
        try (PipedriveSimulator launched = PipedriveSimulatorMain.launch("--port=0", "--api-token=demo", "--burst=3",
                "--daily-budget=100", "--time-scale=0.5", "--retry-after")) {
            ApiClient client = new ApiClient(launched.baseUrl(), "demo");

            ApiClient.Reply reply = client.get("/api/v1/webhooks");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("x-ratelimit-limit")).isEqualTo("3");
            assertThat(reply.header("x-daily-ratelimit-token-remaining")).isEqualTo("95");
            assertThat(launched.retryAfterHeader()).isTrue();
            assertThat(launched.webhookTimeScale()).isEqualTo(0.5);
        }
    }
}
