package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookTest extends SimulatorTest {

    private static final String SECRET = "test-secret-for-hmac";
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new WebhookReceiver();
        sim.webhookUrl(receiver.url());
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private void awaitReceived(int count) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(receiver.received()).hasSize(count));
    }

    @Test
    void should_send_created_then_sent_for_a_started_task_and_only_created_for_a_draft() {
        long started = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        long draft = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        awaitReceived(3);
        assertThat(receiver.actionsFor(started)).containsExactly("created", "sent");
        assertThat(receiver.actionsFor(draft)).containsExactly("created");
    }

    @Test
    void should_send_signed_for_each_signer_then_completed_in_order() {
        long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example", "bob@acme.example");
        sim.sign(taskId);
        sim.sign(taskId);

        awaitReceived(5);
        assertThat(receiver.actions()).containsExactly("created", "sent", "signed", "signed", "completed");
        List<WebhookReceiver.Received> events = receiver.received();
        assertThat(events.get(2).json().getString("event_email")).isEqualTo("ann@acme.example");
        assertThat(events.get(3).json().getString("event_email")).isEqualTo("bob@acme.example");
        assertThat(events.get(2).json().getJsonObject("task").getString("status")).isEqualTo("waiting");
        assertThat(events.get(4).json().getJsonObject("task").getString("status")).isEqualTo("completed");
    }

    @Test
    void should_send_declined_voided_and_expired() {
        long declined = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        long voided = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        long expired = client.createTask(token, true, new JsonObject(), "ann@acme.example");

        sim.decline(declined);
        client.post("/v1/sign_tasks/void", token, new JsonObject().put("task_id", voided));
        sim.expire(expired);

        awaitReceived(9);
        assertThat(receiver.actionsFor(declined)).containsExactly("created", "sent", "declined");
        assertThat(receiver.actionsFor(voided)).containsExactly("created", "sent", "voided");
        assertThat(receiver.actionsFor(expired)).containsExactly("created", "sent", "expired");
    }

    @Test
    void should_carry_the_documented_fields_and_the_task_with_string_metadata() {
        long before = Instant.now().getEpochSecond();
        long taskId = client.createTask(token, false, new JsonObject().put("pipedrive_deal_id", 999), "ann@acme.example");

        awaitReceived(1);
        JsonObject event = receiver.received().get(0).json();
        assertThat(event.getValue("resource_id")).isInstanceOf(Number.class);
        assertThat(event.getLong("resource_id")).isEqualTo(taskId);
        assertThat(event.getString("resource_type")).isEqualTo("task");
        assertThat(event.getString("action_name")).isEqualTo("created");
        assertThat(event.getValue("event_datetime")).isInstanceOf(Number.class);
        assertThat(event.getLong("event_datetime")).isBetween(before, Instant.now().getEpochSecond());
        assertThat(event.getString("event_email")).isEqualTo(sim.ownerEmail());
        assertThat(event.getString("ip_address")).isEqualTo("127.0.0.1");
        assertThat(event.getString("user_agent")).isEqualTo("dealsign-tests/1.0");
        JsonObject task = event.getJsonObject("task");
        assertThat(task.getLong("task_id")).isEqualTo(taskId);
        assertThat(task.getString("status")).isEqualTo("draft");
        assertThat(task.getJsonObject("metadata").getValue("pipedrive_deal_id")).isEqualTo("999");
        assertThat(task.getJsonArray("stages").getJsonObject(0).getString("email")).isEqualTo("ann@acme.example");
        assertThat(receiver.received().get(0).headers().get("content-type")).startsWith("application/json");
    }

    @Test
    void should_omit_the_task_object_when_configured() {
        sim.webhookIncludesTask(false);
        client.createTask(token, false, new JsonObject(), "ann@acme.example");

        awaitReceived(1);
        assertThat(receiver.received().get(0).json().containsKey("task")).isFalse();
    }

    @Test
    void should_sign_the_raw_body_with_lowercase_hex_hmac_sha256_by_default() {
        client.createTask(token, false, new JsonObject().put("note", "Müller & Söhne <b>"), "ann@acme.example");

        awaitReceived(1);
        WebhookReceiver.Received event = receiver.received().get(0);
        assertThat(event.signature()).matches("[0-9a-f]{64}").isEqualTo(HexFormat.of().formatHex(hmac(SECRET, event.body())));
    }

    @Test
    void should_sign_with_base64_hmac_sha256_when_configured() {
        sim.signatureMode(SignatureMode.BASE64);
        client.createTask(token, false, new JsonObject(), "ann@acme.example");

        awaitReceived(1);
        WebhookReceiver.Received event = receiver.received().get(0);
        assertThat(event.signature()).hasSize(44).isEqualTo(Base64.getEncoder().encodeToString(hmac(SECRET, event.body())));
    }

    @Test
    void should_sign_as_an_hs256_jwt_whose_payload_is_the_event_when_configured() {
        sim.signatureMode(SignatureMode.JWT);
        client.createTask(token, false, new JsonObject().put("pipedrive_deal_id", 12), "ann@acme.example");

        awaitReceived(1);
        WebhookReceiver.Received event = receiver.received().get(0);
        String[] parts = event.signature().split("\\.");
        assertThat(parts).hasSize(3);
        Base64.Decoder base64url = Base64.getUrlDecoder();
        JsonObject header = new JsonObject(new String(base64url.decode(parts[0]), StandardCharsets.UTF_8));
        assertThat(header.getString("alg")).isEqualTo("HS256");
        assertThat(new JsonObject(new String(base64url.decode(parts[1]), StandardCharsets.UTF_8))).isEqualTo(event.json());
        byte[] expected = hmac(SECRET, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(base64url.decode(parts[2])).isEqualTo(expected);
        assertThat(event.signature()).doesNotContain("=");
    }

    @Test
    void should_sign_with_the_client_secret_in_force_at_the_time_of_the_event() {
        sim.clientCredentials("test-client", "rotated-secret");
        client.createTask(client.token(sim), false, new JsonObject(), "ann@acme.example");

        awaitReceived(1);
        WebhookReceiver.Received event = receiver.received().get(0);
        assertThat(event.signature()).isEqualTo(HexFormat.of().formatHex(hmac("rotated-secret", event.body())));
    }

    @Test
    void should_redeliver_the_last_event_of_a_task_byte_for_byte() {
        long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        awaitReceived(2);

        sim.redeliverLastWebhook(taskId);

        awaitReceived(3);
        List<WebhookReceiver.Received> events = receiver.received();
        assertThat(events.get(2).body()).isEqualTo(events.get(1).body());
        assertThat(events.get(2).signature()).isEqualTo(events.get(1).signature());
        assertThat(events.get(2).action()).isEqualTo("sent");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sim.webhookDeliveries()).filteredOn(WebhookDelivery::redelivery).hasSize(1));
    }

    @Test
    void should_lose_events_while_delivery_is_switched_off() {
        long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example", "bob@acme.example");
        awaitReceived(2);

        sim.webhookDelivery(false);
        sim.sign(taskId);
        sim.webhookDelivery(true);
        sim.sign(taskId);

        awaitReceived(4);
        assertThat(receiver.actions()).containsExactly("created", "sent", "signed", "completed");
        assertThat(receiver.received().get(2).json().getString("event_email")).isEqualTo("bob@acme.example");
        assertThat(sim.webhookDeliveries()).filteredOn(d -> d.outcome() == WebhookDelivery.Outcome.DROPPED)
                .singleElement().satisfies(d -> {
                    assertThat(d.actionName()).isEqualTo("signed");
                    assertThat(d.error()).contains("switched off");
                });
    }

    @Test
    void should_record_a_rejected_delivery_once_and_never_retry_it() {
        receiver.answerWith(500);
        long taskId = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.webhookDeliveries()).hasSize(1));
        WebhookDelivery delivery = sim.webhookDeliveries().get(0);
        assertThat(delivery.taskId()).isEqualTo(taskId);
        assertThat(delivery.outcome()).isEqualTo(WebhookDelivery.Outcome.REJECTED);
        assertThat(delivery.responseStatus()).isEqualTo(500);
        assertThat(delivery.error()).contains("500");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);
    }

    @Test
    void should_record_a_failed_delivery_when_nobody_listens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        sim.webhookUrl("http://127.0.0.1:" + closedPort + "/webhooks/dottedsign");

        client.createTask(token, false, new JsonObject(), "ann@acme.example");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.webhookDeliveries()).singleElement()
                .satisfies(d -> {
                    assertThat(d.outcome()).isEqualTo(WebhookDelivery.Outcome.FAILED);
                    assertThat(d.responseStatus()).isZero();
                    assertThat(d.error()).isNotBlank();
                }));
    }

    @Test
    void should_record_successful_deliveries_with_status_and_signature() {
        client.createTask(token, true, new JsonObject(), "ann@acme.example");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.webhookDeliveries()).hasSize(2));
        assertThat(sim.webhookDeliveries()).extracting(WebhookDelivery::actionName).containsExactly("created", "sent");
        assertThat(sim.webhookDeliveries()).allSatisfy(d -> {
            assertThat(d.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
            assertThat(d.responseStatus()).isEqualTo(200);
            assertThat(d.error()).isNull();
            assertThat(d.signature()).isEqualTo(HexFormat.of().formatHex(hmac(SECRET, d.body())));
        });
    }

    @Test
    void should_send_no_webhook_for_seeded_tasks_or_for_discard() {
        long seeded = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));
        client.post("/v1/sign_tasks/discard", token, new JsonObject().put("task_id", seeded));
        long marker = client.createTask(token, false, new JsonObject(), "ann@acme.example");

        awaitReceived(1);
        assertThat(receiver.received().get(0).taskId()).isEqualTo(marker);
    }

    @Test
    void should_keep_each_tasks_events_in_order_while_many_tasks_change_at_once() throws Exception {
        List<Long> taskIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            taskIds.add(client.createTask(token, true, new JsonObject(), "a@acme.example", "b@acme.example", "c@acme.example"));
        }
        ExecutorService signers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (long taskId : taskIds) {
                done.add(signers.submit(() -> {
                    for (int signer = 0; signer < 3; signer++) {
                        sim.sign(taskId);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            signers.shutdown();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.received()).hasSize(12 * 6));
        for (long taskId : taskIds) {
            assertThat(receiver.actionsFor(taskId)).containsExactly("created", "sent", "signed", "signed", "signed", "completed");
        }
    }

    /** Independent of the simulator's signer: javax.crypto directly. */
    private static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
