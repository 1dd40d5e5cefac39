package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control API as a black-box user (the standalone simulator's demo or test) sees it. */
class ControlHttpTest extends SimulatorTest {

    private ApiClient.Response control(String path, JsonObject body) {
        return client.post("/_sim" + path, null, body);
    }

    @Test
    void should_seed_tasks_over_http_and_read_them_back() {
        ApiClient.Response seeded = control("/tasks", new JsonObject().put("tasks", new JsonArray()
                .add(new JsonObject().put("status", "waiting").put("file_name", "Seeded A")
                        .put("metadata", new JsonObject().put("pipedrive_deal_id", 41))
                        .put("created_at", "2026-01-05T08:00:00+08:00").put("updated_at", "2026-01-05T09:00:00Z")
                        .put("stages", new JsonArray().add(new JsonObject().put("name", "Ann").put("email", "ann@acme.example"))))
                .add(new JsonObject().put("status", "completed"))));

        assertThat(seeded.status()).isEqualTo(200);
        JsonArray ids = seeded.json().getJsonArray("task_ids");
        assertThat(ids).hasSize(2);
        JsonObject first = client.get("/_sim/tasks/" + ids.getLong(0), null).json();
        assertThat(first.getString("file_name")).isEqualTo("Seeded A");
        assertThat(first.getBoolean("discarded")).isFalse();
        JsonObject viaApi = read(ids.getLong(0));
        assertThat(viaApi.getJsonObject("metadata").getValue("pipedrive_deal_id")).isEqualTo("41");
        assertThat(OffsetDateTime.parse(viaApi.getString("created_at")).toInstant()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(OffsetDateTime.parse(viaApi.getString("updated_at")).toInstant()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(client.get("/_sim/tasks", null).json().getJsonArray("tasks")).hasSize(2);
    }

    @Test
    void should_act_as_signer_over_http_until_completed_and_list_the_webhook_deliveries() {
        WebhookReceiver receiver = new WebhookReceiver();
        try {
            control("/settings", new JsonObject().put("webhook_url", receiver.url()));
            long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example", "bob@acme.example");

            assertThat(control("/tasks/" + taskId + "/sign", new JsonObject()).json().getString("status")).isEqualTo("waiting");
            assertThat(control("/tasks/" + taskId + "/sign", new JsonObject()).json().getString("status")).isEqualTo("completed");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(client.get("/_sim/webhooks", null).json().getJsonArray("deliveries")).hasSize(5));
            JsonArray deliveries = client.get("/_sim/webhooks", null).json().getJsonArray("deliveries");
            assertThat(deliveries.stream().map(d -> ((JsonObject) d).getString("action_name")))
                    .containsExactly("created", "sent", "signed", "signed", "completed");
            JsonObject last = deliveries.getJsonObject(4);
            assertThat(last.getString("outcome")).isEqualTo("delivered");
            assertThat(last.getInteger("response_status")).isEqualTo(200);
            assertThat(new JsonObject(last.getString("body")).getLong("resource_id")).isEqualTo(taskId);
        } finally {
            receiver.close();
        }
    }

    @Test
    void should_decline_expire_and_redeliver_over_http() {
        WebhookReceiver receiver = new WebhookReceiver();
        try {
            sim.webhookUrl(receiver.url());
            long declined = client.createTask(token, true, new JsonObject(), "ann@acme.example");
            long expired = client.createTask(token, true, new JsonObject(), "ann@acme.example");

            assertThat(control("/tasks/" + declined + "/decline", new JsonObject()).json().getString("status")).isEqualTo("declined");
            assertThat(control("/tasks/" + expired + "/expire", new JsonObject()).json().getString("status")).isEqualTo("expired");
            assertThat(control("/tasks/" + expired + "/redeliver", new JsonObject()).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(receiver.actionsFor(expired)).containsExactly("created", "sent", "expired", "expired"));
        } finally {
            receiver.close();
        }
    }

    @Test
    void should_answer_409_for_signing_a_task_that_is_not_waiting_and_404_for_an_unknown_task() {
        long draft = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        ApiClient.Response conflict = control("/tasks/" + draft + "/sign", new JsonObject());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().getString("error")).contains("draft");
        assertThat(control("/tasks/1/sign", new JsonObject()).status()).isEqualTo(404);
        assertThat(client.get("/_sim/tasks/1", null).status()).isEqualTo(404);
        assertThat(control("/tasks/" + draft + "/redeliver", new JsonObject()).status()).as("a draft had its created event").isEqualTo(200);
        assertThat(control("/tasks/" + sim.seed(SeedTask.withStatus(TaskStatus.DRAFT)) + "/redeliver", new JsonObject()).status())
                .as("a seeded task had no event").isEqualTo(404);
    }

    @Test
    void should_change_settings_at_run_time_over_http() {
        ApiClient.Response changed = control("/settings", new JsonObject()
                .put("rate_limit", "1/1m")
                .put("retry_after", false)
                .put("signature_mode", "jwt")
                .put("webhook_url", "http://127.0.0.1:1/hooks")
                .put("token_lifetime_seconds", 60)
                .put("webhook_delivery", false)
                .put("webhook_includes_task", false)
                .put("accepted_template_ids", new JsonArray().add(7))
                .put("monthly_task_quota", 5));

        assertThat(changed.status()).isEqualTo(200);
        JsonObject settings = client.get("/_sim/settings", null).json();
        assertThat(settings.getJsonObject("rate_limit")).isEqualTo(new JsonObject().put("limit", 1).put("window_ms", 60_000));
        assertThat(settings.getBoolean("retry_after")).isFalse();
        assertThat(settings.getString("signature_mode")).isEqualTo("jwt");
        assertThat(settings.getString("webhook_url")).isEqualTo("http://127.0.0.1:1/hooks");
        assertThat(settings.getLong("token_lifetime_seconds")).isEqualTo(60);
        assertThat(settings.getBoolean("webhook_delivery")).isFalse();
        assertThat(settings.getJsonArray("accepted_template_ids").getLong(0)).isEqualTo(7L);
        assertThat(settings.getJsonArray("accepted_template_ids")).hasSize(1);
        assertThat(settings.getInteger("monthly_task_quota")).isEqualTo(5);
        assertThat(sim.signatureMode()).isEqualTo(SignatureMode.JWT);

        client.get("/v1/sign_tasks/list", token);
        ApiClient.Response limited = client.get("/v1/sign_tasks/list", token);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNull();

        control("/settings", new JsonObject().put("rate_limit", "off").put("accepted_template_ids", (Object) null));
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(200);
        assertThat(sim.acceptedTemplateIds()).isEmpty();
    }

    @Test
    void should_refuse_an_unknown_or_malformed_setting_and_change_nothing() {
        ApiClient.Response unknown = control("/settings", new JsonObject().put("retry_after", false).put("retry_afterr", true));
        ApiClient.Response malformed = control("/settings", new JsonObject().put("rate_limit", "ten per second"));
        ApiClient.Response badZone = control("/settings", new JsonObject().put("time_zone", "Mars/Olympus"));
        ApiClient.Response badStage = control("/tasks", new JsonObject().put("status", "waiting")
                .put("stages", new JsonArray().add(new JsonObject().put("name", "No Email"))));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().getString("error")).contains("retry_afterr");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badStage.status()).isEqualTo(400);
        assertThat(sim.tasks()).isEmpty();
        assertThat(sim.retryAfterHeader()).isTrue();
        assertThat(sim.rateLimit().limit()).isZero();
    }

    @Test
    void should_change_client_credentials_over_http() {
        control("/settings", new JsonObject().put("client_id", "new-client").put("client_secret", "new-secret"));

        assertThat(client.requestToken("new-client", "new-secret").status()).isEqualTo(200);
        assertError(client.requestToken("test-client", "test-secret-for-hmac"), 400005, "invalid_client", "client");
    }

    @Test
    void should_expire_all_tokens_over_http() {
        assertThat(control("/tokens/expire", new JsonObject()).status()).isEqualTo(200);

        assertError(client.get("/v1/sign_tasks/list", token), 400002, "invalid_token", "token");
        String issued = control("/tokens", new JsonObject()).json().getString("access_token");
        assertThat(client.get("/v1/sign_tasks/list", issued).status()).isEqualTo(200);
    }

    @Test
    void should_set_and_clear_faults_over_http() {
        assertThat(control("/faults", new JsonObject().put("error_rate", 1.0)).json().getDouble("error_rate")).isEqualTo(1.0);
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(500);

        control("/faults", new JsonObject().put("error_rate", 0).put("latency_ms", 0));
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(200);
        assertThat(control("/faults", new JsonObject().put("error_rate", 2)).status()).isEqualTo(400);
    }

    @Test
    void should_list_api_requests_over_http_leaving_out_control_calls_unless_asked() {
        client.get("/v1/sign_tasks/list?page=2", token);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonArray requests = client.get("/_sim/requests", null).json().getJsonArray("requests");
            assertThat(requests.stream().map(r -> ((JsonObject) r).getString("path"))).containsExactly("/v1/oauth/token", "/v1/sign_tasks/list");
        });
        JsonObject list = client.get("/_sim/requests", null).json().getJsonArray("requests").getJsonObject(1);
        assertThat(list.getString("query")).isEqualTo("page=2");
        assertThat(list.getJsonObject("headers").getString("authorization")).isEqualTo("Bearer " + token);
        assertThat(client.get("/_sim/requests?include_control=true", null).json().getJsonArray("requests").size()).isGreaterThan(2);
        assertThat(client.delete("/_sim/requests").status()).isEqualTo(200);
    }

    @Test
    void should_reset_to_an_empty_service_but_keep_settings() {
        sim.rateLimit(100, Duration.ofSeconds(1));
        client.createTask(token, true, new JsonObject(), "ann@acme.example");

        assertThat(control("/reset", new JsonObject()).status()).isEqualTo(200);

        assertThat(sim.tasks()).isEmpty();
        assertThat(sim.monthlyTaskUsage()).isZero();
        assertThat(sim.rateLimit().limit()).isEqualTo(100);
        assertError(client.get("/v1/sign_tasks/list", token), 400002, "invalid_token", "token");
    }

    @Test
    void should_reset_the_monthly_task_usage_over_http() {
        sim.monthlyTaskQuota(1);
        client.createTask(token, false, new JsonObject(), "ann@acme.example");

        assertThat(control("/monthly-task-usage/reset", new JsonObject()).json().getInteger("monthly_task_usage")).isZero();
        client.createTask(token, false, new JsonObject(), "ann@acme.example");
    }
}
