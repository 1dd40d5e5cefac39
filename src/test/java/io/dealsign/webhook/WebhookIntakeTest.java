package io.dealsign.webhook;

import io.dealsign.inbox.Inbox;
import io.dealsign.pipedrive.DealEvent;
import io.dealsign.dottedsign.TaskEvent;
import io.dealsign.testing.RunningService;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The two webhook endpoints over real HTTP, with the flows replaced by a mock that records what reaches them. */
class WebhookIntakeTest {

    private static final String USER = "pipedrive-hook";
    private static final String PASSWORD = "s3cret-pass";
    private static final String CLIENT_SECRET = "dottedsign-client-secret";

    @TempDir
    Path routes;
    private RunningService service;
    private MockEndpoint dispatched;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(routes.resolve("dispatch.camel.yaml"), """
                - route:
                    id: dispatch-event
                    from:
                      uri: direct:dispatch-event
                      steps:
                        - to:
                            uri: mock:dispatched
                """);
        service = RunningService.builder().routesDirectory(routes)
                .property("pipedrive.webhook.username", USER)
                .property("pipedrive.webhook.password", PASSWORD)
                .property("dottedsign.client-secret", CLIENT_SECRET)
                .start();
        dispatched = service.camelContext().getEndpoint("mock:dispatched", MockEndpoint.class);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static String v2Create(String eventId, Object dealId) {
        String id = dealId instanceof String ? "\"" + dealId + "\"" : String.valueOf(dealId);
        return """
                {"meta":{"id":"%s","action":"create","entity":"deal","entity_id":%s,"change_source":"app","attempt":1,
                 "timestamp":"2026-11-27T10:00:00.000Z","user_id":"12","company_id":"77","unknown_field":{"x":1}},
                 "data":{"id":%s,"title":"Acme","person_id":3},"previous":null}""".formatted(eventId, id, id);
    }

    private HttpResponse<String> postPipedrive(String body, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url("/webhooks/pipedrive")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return service.send(request.build());
    }

    private HttpResponse<String> postDottedSign(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url("/webhooks/dottedsign")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Signature", signature);
        }
        return service.send(request.build());
    }

    private static String hexHmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** In one query: counted status by status, an event that moves on between two counts is counted twice. */
    private long storedEvents() {
        Inbox inbox = service.camelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        return inbox.countByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void should_refuse_a_pipedrive_webhook_without_credentials_with_a_challenge_and_store_nothing() {
        HttpResponse<String> response = postPipedrive(v2Create("e-1", 5), null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"dealsign-sync\"");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void should_refuse_wrong_pipedrive_credentials_without_echoing_them() {
        HttpResponse<String> response = postPipedrive(v2Create("e-1", 5), USER, "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(response.body()).doesNotContain("wrong").doesNotContain(PASSWORD);
        assertThat(storedEvents()).isZero();
    }

    @Test
    void should_store_a_v2_deal_creation_answer_at_once_and_hand_it_to_the_flows_once_even_when_redelivered() throws Exception {
        dispatched.expectedMessageCount(1);

        HttpResponse<String> first = postPipedrive(v2Create("6c1e-uuid", "42"), USER, PASSWORD);
        HttpResponse<String> again = postPipedrive(v2Create("6c1e-uuid", 42), USER, PASSWORD);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"accepted\"").contains("deal:42");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        dispatched.assertIsSatisfied(10_000);
        DealEvent event = dispatched.getReceivedExchanges().get(0).getMessage().getBody(DealEvent.class);
        assertThat(event.dealId()).isEqualTo(42);
        assertThat(event.action()).isEqualTo(DealEvent.Action.ADDED);
        assertThat(dispatched.getReceivedExchanges().get(0).getMessage().getHeader("eventKind")).isEqualTo("deal.added");
        assertThat(storedEvents()).isEqualTo(1);
    }

    @Test
    void should_store_one_event_when_the_same_delivery_arrives_eight_times_at_once() throws Exception {
        String body = v2Create("same-event", 7);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> postPipedrive(body, USER, PASSWORD)));
        }

        List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(storedEvents()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatched.getReceivedCounter() == 1);
    }

    @Test
    void should_accept_a_legacy_v1_deal_deletion_with_numeric_ids() throws Exception {
        dispatched.expectedMessageCount(1);
        String v1 = """
                {"v":1,"event":"deleted.deal","retry":0,
                 "meta":{"v":1,"action":"deleted","object":"deal","id":9,"timestamp":1523440213,"change_source":"app"},
                 "current":null,"previous":{"id":9,"title":"Old"}}""";

        HttpResponse<String> response = postPipedrive(v1, USER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("deal.deleted");
        dispatched.assertIsSatisfied(10_000);
        assertThat(dispatched.getReceivedExchanges().get(0).getMessage().getBody(DealEvent.class).dealId()).isEqualTo(9);
    }

    @Test
    void should_acknowledge_and_ignore_the_echo_of_our_own_api_write() {
        String change = """
                {"meta":{"id":"e-9","action":"change","entity":"deal","entity_id":"42","change_source":"api"},
                 "data":{"id":42,"status":"won"},"previous":{"status":"open"}}""";

        HttpResponse<String> response = postPipedrive(change, USER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"ignored\"").contains("our own write");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void should_answer_415_to_a_form_encoded_body_without_echoing_its_fields_as_headers() {
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(URI.create(service.url("/webhooks/pipedrive")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString("injected=1&meta=x")).build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("injected"));
        assertThat(storedEvents()).isZero();
    }

    @Test
    void should_answer_400_with_the_reason_for_a_body_that_is_not_a_json_object() {
        assertThat(postPipedrive("[1,2]", USER, PASSWORD).body()).contains("must be a JSON object");
        assertThat(postPipedrive("{not json", USER, PASSWORD).statusCode()).isEqualTo(400);
        assertThat(postPipedrive("", USER, PASSWORD).body()).contains("empty");
        assertThat(postPipedrive("{\"meta\":{\"action\":\"create\",\"entity\":\"deal\"}}", USER, PASSWORD).body())
                .contains("meta.id");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void should_store_a_signed_dottedsign_completion_and_refuse_missing_or_wrong_signatures() throws Exception {
        dispatched.expectedMessageCount(1);
        String body = """
                {"resource_id":"1001","resource_type":"task","action_name":"completed","event_datetime":%d,
                 "event_email":"signer@example.com","ip_address":"1.2.3.4","user_agent":"x",
                 "task":{"task_id":1001,"status":"completed","metadata":{"pipedrive_deal_id":"42"}}}"""
                .formatted(Instant.now().getEpochSecond());

        assertThat(postDottedSign(body, null).statusCode()).isEqualTo(401);
        assertThat(postDottedSign(body, hexHmac(body + " ")).statusCode()).isEqualTo(401);
        assertThat(storedEvents()).isZero();

        HttpResponse<String> accepted = postDottedSign(body, hexHmac(body));
        HttpResponse<String> duplicate = postDottedSign(body, hexHmac(body));

        assertThat(accepted.body()).contains("\"status\":\"accepted\"").contains("task.completed");
        assertThat(duplicate.body()).contains("\"status\":\"duplicate\"");
        dispatched.assertIsSatisfied(10_000);
        TaskEvent event = dispatched.getReceivedExchanges().get(0).getMessage().getBody(TaskEvent.class);
        assertThat(event.taskId()).isEqualTo(1001);
        assertThat(event.dealId()).isEqualTo(42);
    }

    @Test
    void should_acknowledge_an_unknown_dottedsign_action_without_storing_it() throws Exception {
        String body = """
                {"resource_id":1001,"resource_type":"task","action_name":"teleported","event_datetime":"%s"}"""
                .formatted(Instant.now());

        HttpResponse<String> response = postDottedSign(body, hexHmac(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("ignored").contains("teleported");
        assertThat(storedEvents()).isZero();
    }
}
