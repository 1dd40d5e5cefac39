package io.dealsign.webhook;

import io.dealsign.testing.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.dealsign.webhook.WebhookClient.DOTTEDSIGN;
import static io.dealsign.webhook.WebhookClient.PIPEDRIVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at both webhook endpoints over real HTTP: each request gets a precise 4xx with a JSON
 * reason (or a 2xx for an event we do not handle), never a 5xx or a hang; nothing is stored; the log
 * names the cause. One service serves the whole class.
 */
class WebhookBadInputTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path routes;
    private static WebhookClient client;
    private static CapturedLogs logs;
    private String rowsBefore;

    @BeforeAll
    static void start() throws Exception {
        logs = new CapturedLogs();
        client = WebhookClient.start(routes, WebhookSettings.READ_TIMEOUT, "1500");
    }

    @AfterAll
    static void stop() {
        client.close();
        logs.close();
    }

    @BeforeEach
    void countRows() {
        rowsBefore = client.rows();
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(client.rows()).as("rows after a refused request").isEqualTo(rowsBefore);
    }

    /** A refusal as users must get it: this status, a JSON reason, and nothing of the server's insides. */
    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":\"").contains(reason)
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.dealsign");
    }

    private static String signedCompletion(Object eventDatetime) {
        return """
                {"resource_id":1001,"resource_type":"task","action_name":"completed","event_datetime":%s,
                 "task":{"task_id":1001,"status":"completed","metadata":{"pipedrive_deal_id":"42"}}}""".formatted(eventDatetime);
    }

    @Test
    void should_answer_400_with_the_reason_for_bodies_that_are_not_an_event_object_at_either_endpoint() {
        String[][] cases = {
                {"", "the body is empty"},
                {"{\"meta\":", "the body is not valid JSON (line 1"},
                {"[{\"meta\":{}}]", "must be a JSON object, not an array"},
                {"{} trailing", "not valid JSON"},
                {"{\"meta\":1,\"meta\":2}", "Duplicate field 'meta'"},
                {"\u00ff\u00fe binary", "not valid JSON"},
        };
        for (String[] c : cases) {
            assertRefused(client.pipedrive(c[0]), 400, c[1]);
            assertRefused(client.dottedSign(c[0].replace("meta", "action_name")), 400, c[1].replace("meta", "action_name"));
        }
        assertThat(logs.contains("Pipedrive webhook rejected with 400: the body is empty")).isTrue();
        assertThat(logs.contains("DottedSign webhook rejected with 400: the body is not valid JSON")).isTrue();
    }

    @Test
    void should_answer_400_naming_a_missing_or_wrongly_typed_field() {
        assertRefused(client.pipedrive("""
                {"meta":{"id":"e-1","action":"create","entity":"deal","entity_id":-7}}"""), 400,
                "meta.entity_id (the deal id) must be a positive integer or a string of digits, not a number (-7)");
        assertRefused(client.pipedrive("""
                {"meta":{"id":{"uuid":"x"},"action":"create","entity":"deal","entity_id":7}}"""), 400,
                "meta.id (the event id) must be a string, not an object");
        assertRefused(client.dottedSign("""
                {"resource_id":[1001],"action_name":"completed","event_datetime":1}"""), 400,
                "resource_id (the task id) must be a positive integer or a string of digits, not an array");
        assertRefused(client.dottedSign("""
                {"resource_id":1001,"action_name":true,"event_datetime":1}"""), 400,
                "action_name must be a non-empty string, not a boolean (true)");
        assertThat(logs.contains("DottedSign webhook rejected with 400: action_name must be a non-empty string")).isTrue();
    }

    @Test
    void should_acknowledge_well_formed_events_no_flow_handles_with_200_and_store_nothing() {
        HttpResponse<String> person = client.pipedrive("""
                {"meta":{"id":"e-2","action":"create","entity":"person","entity_id":3},"data":{"id":3}}""");
        HttpResponse<String> viewed = client.dottedSign("""
                {"resource_id":1001,"resource_type":"task","action_name":"viewed","event_datetime":%d}"""
                .formatted(Instant.now().getEpochSecond()));
        HttpResponse<String> folder = client.dottedSign("""
                {"resource_id":"f-1","resource_type":"folder","action_name":"created"}""");

        assertThat(person.statusCode()).isEqualTo(200);
        assertThat(person.body()).contains("\"status\":\"ignored\"").contains("not a deal event (create.person)");
        assertThat(viewed.body()).contains("\"status\":\"ignored\"").contains("task 1001 viewed: no flow acts on it");
        assertThat(folder.body()).contains("\"status\":\"ignored\"").contains("not a task event (folder created)");
    }

    @Test
    void should_answer_415_to_a_body_that_is_not_json_without_turning_form_fields_into_headers() {
        HttpResponse<String> form = client.post(PIPEDRIVE, "injected=1&{\"meta\":1}=2".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", WebhookClient.basic("a", "b"));
        byte[] json = "{\"resource_id\":1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> jsonAsForm = client.post(DOTTEDSIGN, json, "Content-Type", "application/x-www-form-urlencoded",
                "Signature", WebhookClient.sign(json));
        HttpResponse<String> text = client.post(DOTTEDSIGN, json, "Content-Type", "text/plain; charset=utf-8");
        HttpResponse<String> twoTypes = client.post(DOTTEDSIGN, json, "Content-Type", "application/json",
                "Content-Type", "text/plain");

        assertRefused(form, 415, "the body must be application/json, not application/x-www-form-urlencoded");
        assertThat(form.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("injected") || h.contains("meta"));
        assertRefused(jsonAsForm, 415, "not application/x-www-form-urlencoded");
        assertThat(jsonAsForm.headers().map().keySet()).noneMatch(h -> h.contains("resource_id"));
        assertRefused(text, 415, "not text/plain");
        assertRefused(twoTypes, 415, "more than one Content-Type header");
        assertThat(logs.contains("Pipedrive webhook rejected with 415: the body must be application/json")).isTrue();
    }

    @Test
    void should_read_a_body_without_content_type_as_json() {
        HttpResponse<String> response = client.post(PIPEDRIVE, "{}".getBytes(StandardCharsets.UTF_8),
                "Authorization", WebhookClient.basic(WebhookClient.USER, WebhookClient.PASSWORD));

        assertRefused(response, 400, "the body has no 'meta' object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void should_answer_405_with_allow_post_to_other_methods(String method) {
        for (String path : new String[]{PIPEDRIVE, DOTTEDSIGN}) {
            HttpResponse<String> response = client.send(client.request(path)
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());

            assertRefused(response, 405, "only POST is allowed here, not " + method);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
        assertThat(logs.contains("webhook rejected with 405: only POST is allowed here, not " + method)).isTrue();
    }

    @Test
    void should_read_a_body_of_exactly_the_limit_and_answer_413_to_one_byte_more() {
        byte[] atLimit = new byte[MIB];
        Arrays.fill(atLimit, (byte) ' ');
        atLimit[0] = '{';
        atLimit[MIB - 1] = '}';
        byte[] overLimit = Arrays.copyOf(atLimit, MIB + 1);
        overLimit[MIB - 1] = ' ';
        overLimit[MIB] = '}';

        assertRefused(client.pipedrive(new String(atLimit, StandardCharsets.US_ASCII)), 400, "the body has no 'meta' object");
        assertRefused(client.pipedrive(new String(overLimit, StandardCharsets.US_ASCII)), 413,
                "the body is declared as 1048577 bytes, over the limit of 1048576 bytes");
        assertThat(logs.contains("Pipedrive webhook rejected with 413: the body is declared as 1048577 bytes")).isTrue();
    }

    @Test
    void should_answer_413_to_a_streamed_body_that_grows_past_the_limit_and_to_a_huge_one_without_a_reset() {
        byte[] threeMib = new byte[3 * MIB];
        HttpResponse<String> chunked = client.send(client.request(DOTTEDSIGN, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(threeMib))).build());
        HttpResponse<String> huge = client.post(PIPEDRIVE, new byte[16 * MIB], "Content-Type", "application/json");

        assertRefused(chunked, 413, "the body is more than 1048576 bytes, over the limit of 1048576 bytes");
        assertRefused(huge, 413, "the body is declared as 16777216 bytes");
        assertThat(client.service.get("/observe/health").statusCode()).isEqualTo(200);
    }

    /**
     * The JDK's client upgrades to h2c when it can. It must finish sending before it reports the 413
     * (a stream reset earlier makes it hang), so the rest of the body is dropped, not refused.
     */
    @Test
    void should_answer_413_over_cleartext_http2_too_keeping_the_connection() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = h2.send(HttpRequest.newBuilder(URI.create(client.service.url("/observe/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> huge = h2.send(client.request(PIPEDRIVE, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8 * MIB])).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> streamed = h2.send(client.request(DOTTEDSIGN, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * MIB])))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> after = h2.send(client.request(PIPEDRIVE).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.version()).as("the client upgraded to h2c").isEqualTo(HttpClient.Version.HTTP_2);
        assertRefused(huge, 413, "the body is declared as 8388608 bytes");
        assertRefused(streamed, 413, "the body is more than 1048576 bytes");
        assertRefused(after, 405, "only POST");
        assertThat(after.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void should_keep_the_connection_usable_after_a_413_for_a_body_sent_in_full() throws Exception {
        byte[] body = new byte[2 * MIB];
        try (RawHttp raw = new RawHttp(client.service.port())) {
            raw.send("POST " + PIPEDRIVE + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").send(body);
            RawHttp.Response tooLarge = raw.read();
            raw.send("GET " + PIPEDRIVE + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response next = raw.read();

            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("over the limit");
            assertThat(next.status()).isEqualTo(405);
        }
    }

    @Test
    void should_tell_a_sender_awaiting_100_continue_to_go_on_when_its_body_is_within_the_limit() {
        HttpResponse<String> response = client.send(client.request(PIPEDRIVE, "Content-Type", "application/json",
                        "Authorization", WebhookClient.basic(WebhookClient.USER, WebhookClient.PASSWORD))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString("{\"meta\":[]}")).build());

        assertRefused(response, 400, "meta must be an object, not an array");
    }

    @Test
    void should_answer_413_at_once_and_close_when_the_sender_awaits_100_continue_for_a_body_over_the_limit() throws Exception {
        try (RawHttp raw = new RawHttp(client.service.port())) {
            RawHttp.Response response = raw.send("POST " + DOTTEDSIGN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void should_close_the_connection_of_a_sender_that_stops_halfway_after_a_413_instead_of_waiting_forever() throws Exception {
        try (RawHttp raw = new RawHttp(client.service.port())) {
            RawHttp.Response response = raw.send("POST " + DOTTEDSIGN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 3000000\r\n\r\n" + " ".repeat(1000)).read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("closed after the read timeout (1.5 s)").isTrue();
        }
    }

    @Test
    void should_answer_408_and_close_when_the_body_does_not_arrive_within_the_read_timeout() throws Exception {
        try (RawHttp raw = new RawHttp(client.service.port())) {
            RawHttp.Response response = raw.send("POST " + PIPEDRIVE + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"meta\":").read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.body()).isEqualTo("{\"error\":\"the body did not arrive within 1500 ms\"}");
            assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(logs.contains("Pipedrive webhook rejected with 408: the body did not arrive within 1500 ms")).isTrue();
    }

    /**
     * A sender trickling its body holds a Vert.x worker thread until the read timeout (the body is read
     * in the route); with more of them than workers, others wait, but never longer than that timeout.
     */
    @Test
    void should_answer_others_within_the_read_timeout_while_more_senders_than_workers_trickle() throws Exception {
        List<RawHttp> trickling = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                trickling.add(new RawHttp(client.service.port()).send("POST " + DOTTEDSIGN + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
            }
            long start = System.nanoTime();
            HttpResponse<String> meanwhile = client.pipedrive("{}");

            assertRefused(meanwhile, 400, "the body has no 'meta' object");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500 + 2500));
            for (RawHttp raw : trickling) {
                assertThat(raw.read().status()).isEqualTo(408);
            }
        } finally {
            for (RawHttp raw : trickling) {
                raw.close();
            }
        }
    }

    @Test
    void should_answer_431_to_oversized_headers_and_close() throws Exception {
        try (RawHttp raw = new RawHttp(client.service.port())) {
            RawHttp.Response response = raw.send("POST " + PIPEDRIVE + " HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(20_000)
                    + "\r\nContent-Length: 2\r\n\r\n{}").read();

            assertThat(response.status()).isEqualTo(431);
            assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void should_refuse_two_authorization_or_two_signature_headers_rather_than_pick_one() {
        String valid = WebhookClient.basic(WebhookClient.USER, WebhookClient.PASSWORD);
        byte[] body = signedCompletion(Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8);

        assertRefused(client.post(PIPEDRIVE, body, "Content-Type", "application/json", "Authorization", valid,
                "Authorization", valid), 401, "the credentials are not valid");
        assertRefused(client.post(DOTTEDSIGN, body, "Content-Type", "application/json", "Signature", WebhookClient.sign(body),
                "Signature", WebhookClient.sign(body)), 401, "the signature does not match the body");
        assertThat(logs.contains("Pipedrive webhook refused with 401: more than one Authorization header")).isTrue();
        assertThat(logs.contains("DottedSign webhook refused with 401: more than one Signature header")).isTrue();
    }

    @Test
    void should_refuse_a_signed_dottedsign_event_older_than_the_window_as_a_possible_replay() {
        long dayOld = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();

        assertRefused(client.dottedSign(signedCompletion(dayOld)), 400,
                "is more than 15 minutes old: refused as a possible replay");
        assertRefused(client.dottedSign(signedCompletion("\"" + Instant.now().minus(Duration.ofMinutes(16)) + "\"")), 400,
                "refused as a possible replay");
        assertThat(logs.contains("DottedSign webhook rejected with 400: event_datetime " + Instant.ofEpochSecond(dayOld))).isTrue();
    }

    @Test
    void should_refuse_a_signed_dottedsign_event_from_further_ahead_than_the_allowed_clock_skew() {
        long inAnHour = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();

        assertRefused(client.dottedSign(signedCompletion(inAnHour)), 400, "is more than 5 minutes ahead of this server's clock");
    }
}
