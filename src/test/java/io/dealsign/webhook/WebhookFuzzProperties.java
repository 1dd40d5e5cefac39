package io.dealsign.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealsign.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import static io.dealsign.webhook.WebhookClient.DOTTEDSIGN;
import static io.dealsign.webhook.WebhookClient.PIPEDRIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated requests, good, bad and hostile, at both webhook endpoints of one running service over
 * real HTTP. Whatever the body and headers: no 5xx and no hang; no 2xx without valid credentials or
 * signature; a stored row exactly when the answer says {@code accepted}; no stack trace or echoed
 * form field in the answer; and the service healthy afterwards. Each try sends one generated body to
 * both endpoints, with the headers generated for each.
 */
class WebhookFuzzProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static Path routes;
    private static WebhookClient client;

    @BeforeContainer
    static void start() throws Exception {
        routes = Files.createTempDirectory("fuzz-routes");
        client = WebhookClient.start(routes);
    }

    @AfterContainer
    static void stop() throws IOException {
        client.close();
        try (Stream<Path> files = Files.walk(routes)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @AfterProperty
    void theServiceIsStillHealthy() {
        HttpResponse<String> health = client.service.get("/observe/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void no_request_gets_a_5xx_and_only_an_authentic_accepted_event_leaves_a_row(@ForAll("probes") Probe probe) {
        check(probe, PIPEDRIVE, probe.pipedriveAuth().headers(probe.body()), probe.pipedriveAuth().authentic());
        check(probe, DOTTEDSIGN, probe.signature().headers(probe.body()), probe.signature().authentic());
    }

    private static void check(Probe probe, String path, List<String> authHeaders, boolean authentic) {
        long inboxBefore = client.inboxRows();
        long processedBefore = client.processedEventRows();
        List<String> headers = new ArrayList<>(probe.contentTypes());
        headers.addAll(authHeaders);
        HttpRequest request = client.request(path, headers.toArray(String[]::new))
                .method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body())).build();

        HttpResponse<String> response = client.send(request);

        int status = response.statusCode();
        String what = path + " answered " + status + " " + response.body();
        assertThat(status).as(what).isBetween(200, 499);
        if (!authentic) {
            assertThat(status).as(what + " without valid credentials").isGreaterThanOrEqualTo(400);
        }
        assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(response.headers().map().keySet()).as(what)
                .allMatch(name -> name.startsWith(":") || List.of("content-type", "content-length", "transfer-encoding",
                        "www-authenticate", "allow", "connection").contains(name.toLowerCase(Locale.ROOT)));
        boolean accepted = status == 200 && response.body().contains("\"status\":\"accepted\"");
        assertThat(client.inboxRows()).as(what).isEqualTo(inboxBefore + (accepted ? 1 : 0));
        if (accepted) {
            // Camel's idempotent consumer (eager=false) records the key when the exchange completes,
            // which is just after the answer is written.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(client.processedEventRows()).as(what).isEqualTo(processedBefore + 1));
        } else {
            assertThat(client.processedEventRows()).as(what).isEqualTo(processedBefore);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What is generated

    /** One body, sent to both endpoints; the content type(s), the method, and each endpoint's credentials. */
    record Probe(String kind, byte[] body, List<String> contentTypes, String method, PipedriveAuth pipedriveAuth,
                 Signature signature) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return kind + " " + method + " " + contentTypes + " " + pipedriveAuth + " " + signature + " ("
                    + body.length + " bytes) " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    enum PipedriveAuth {
        VALID, LOWER_CASE_SCHEME, NONE, WRONG_PASSWORD, WRONG_USER, NO_COLON, NOT_BASE64, BEARER, EMPTY_BASIC,
        TWICE_VALID, VALID_AND_WRONG, HUGE, NON_ASCII_CREDENTIALS, PASSWORD_PREFIX;

        boolean authentic() {
            return this == VALID || this == LOWER_CASE_SCHEME;
        }

        List<String> headers(byte[] body) {
            String valid = WebhookClient.basic(WebhookClient.USER, WebhookClient.PASSWORD);
            String b64 = Base64.getEncoder().encodeToString((WebhookClient.USER + ":" + WebhookClient.PASSWORD).getBytes());
            return switch (this) {
                case VALID -> List.of("Authorization", valid);
                case LOWER_CASE_SCHEME -> List.of("Authorization", "basic " + b64);
                case NONE -> List.of();
                case WRONG_PASSWORD -> List.of("Authorization", WebhookClient.basic(WebhookClient.USER, "guess"));
                case WRONG_USER -> List.of("Authorization", WebhookClient.basic("admin", WebhookClient.PASSWORD));
                case NO_COLON -> List.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(WebhookClient.USER.getBytes()));
                case NOT_BASE64 -> List.of("Authorization", "Basic %%%not-base64%%%");
                case BEARER -> List.of("Authorization", "Bearer " + WebhookClient.PASSWORD);
                case EMPTY_BASIC -> List.of("Authorization", "Basic ");
                case TWICE_VALID -> List.of("Authorization", valid, "Authorization", valid);
                case VALID_AND_WRONG -> List.of("Authorization", valid, "Authorization", WebhookClient.basic("x", "y"));
                case HUGE -> List.of("Authorization", "Basic " + "A".repeat(6000));
                case NON_ASCII_CREDENTIALS -> List.of("Authorization", WebhookClient.basic("üser", "pässwörd☃"));
                case PASSWORD_PREFIX -> List.of("Authorization", WebhookClient.basic(WebhookClient.USER,
                        WebhookClient.PASSWORD.substring(0, WebhookClient.PASSWORD.length() - 1)));
            };
        }
    }

    enum Signature {
        VALID, UPPER_CASE, PREFIXED, NONE, EMPTY, OF_ANOTHER_BODY, TRUNCATED, BASE64, RANDOM_HEX, TWICE, GARBAGE;

        boolean authentic() {
            return this == VALID || this == UPPER_CASE || this == PREFIXED;
        }

        List<String> headers(byte[] body) {
            String valid = WebhookClient.sign(body);
            return switch (this) {
                case VALID -> List.of("Signature", valid);
                case UPPER_CASE -> List.of("Signature", valid.toUpperCase(Locale.ROOT));
                case PREFIXED -> List.of("Signature", "sha256=" + valid);
                case NONE -> List.of();
                case EMPTY -> List.of("Signature", " ");
                case OF_ANOTHER_BODY -> List.of("Signature", WebhookClient.sign((new String(body, StandardCharsets.UTF_8) + " ")
                        .getBytes(StandardCharsets.UTF_8)));
                case TRUNCATED -> List.of("Signature", valid.substring(0, 63));
                case BASE64 -> List.of("Signature", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(valid)));
                case RANDOM_HEX -> List.of("Signature", HexFormat.of().formatHex(UUID.randomUUID().toString().repeat(2)
                        .substring(0, 32).getBytes()));
                case TWICE -> List.of("Signature", valid, "Signature", valid);
                case GARBAGE -> List.of("Signature", "t=1,v1=" + valid + ";\u007e");
            };
        }
    }

    @Provide
    Arbitrary<Probe> probes() {
        Arbitrary<Tuple.Tuple2<String, byte[]>> bodies = Arbitraries.frequencyOf(
                Tuple.of(3, randomBytes()),
                Tuple.of(2, randomText()),
                Tuple.of(3, truncatedEvents()),
                Tuple.of(2, nestedJson()),
                Tuple.of(2, hugeNumbers()),
                Tuple.of(10, mutatedEvents()),
                Tuple.of(2, formBodies()),
                Tuple.of(6, validEvents()));
        Arbitrary<List<String>> contentTypes = Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just(List.of("Content-Type", "application/json"))),
                Tuple.of(4, Arbitraries.of("application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json",
                        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
                        ";;;", "application/json, text/plain", "*/*").map(type -> List.of("Content-Type", type))),
                Tuple.of(2, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.just(List.of("Content-Type", "application/json", "Content-Type", "application/json"))));
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just("POST")),
                Tuple.of(1, Arbitraries.of("PUT", "GET", "DELETE", "PATCH", "OPTIONS")));
        Arbitrary<PipedriveAuth> auths = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(PipedriveAuth.VALID)),
                Tuple.of(8, Arbitraries.of(PipedriveAuth.class)));
        Arbitrary<Signature> signatures = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Signature.VALID)),
                Tuple.of(8, Arbitraries.of(Signature.class)));
        return Combinators.combine(bodies, contentTypes, methods, auths, signatures)
                .as((body, types, method, auth, signature) -> new Probe(body.get1(), body.get2(), types, method, auth, signature));
    }

    private static Tuple.Tuple2<String, byte[]> body(String kind, String text) {
        return Tuple.of(kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000).map(bytes -> Tuple.of("bytes", bytes));
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> randomText() {
        return Arbitraries.strings().all().ofMaxLength(300).map(text -> body("text", text));
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> truncatedEvents() {
        return Combinators.combine(templates(), Arbitraries.doubles().between(0, 1))
                .as((event, cut) -> {
                    String text = event.toString();
                    return body("truncated", text.substring(0, (int) (text.length() * cut)));
                });
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> nestedJson() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.of("[", "{\"meta\":", "{\"task\":"),
                Arbitraries.of(true, false)).as((depth, open, balanced) -> {
            String close = open.equals("[") ? "]" : "}";
            return body("nested", open.repeat(depth) + "1" + (balanced ? close.repeat(depth) : close.repeat(depth / 2)));
        });
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> hugeNumbers() {
        return Arbitraries.of("1" + "0".repeat(400), "-" + "9".repeat(30), "1e999999", "-1e-999999", "9".repeat(2000),
                        "18446744073709551616", "-9223372036854775809", "1.7976931348623157E309", "0.000000000000000000001")
                .flatMap(number -> Arbitraries.of("entity_id", "id", "timestamp", "resource_id", "event_datetime")
                        .map(field -> body("huge-number", "{\"meta\":{\"id\":\"e\",\"action\":\"create\",\"entity\":\"deal\",\""
                                + field + "\":" + number + "},\"resource_id\":1,\"action_name\":\"completed\",\"" + field + "\":"
                                + number + "}")));
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> formBodies() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).list().ofMinSize(1).ofMaxSize(5)
                .map(names -> body("form", String.join("&", names.stream().map(n -> n + "=" + n.length()).toList())
                        + "&{\"meta\":{}}=x&Authorization=Basic%20x"));
    }

    private static Arbitrary<Tuple.Tuple2<String, byte[]>> validEvents() {
        return templates().map(event -> body("valid", event.toString()));
    }

    /** A valid event of one of the three shapes, with fresh ids and the current time. */
    private static Arbitrary<ObjectNode> templates() {
        Arbitrary<Long> ids = Arbitraries.longs().between(1, 10_000_000);
        Arbitrary<ObjectNode> v2 = Combinators.combine(ids, Arbitraries.of("create", "delete", "change", "merge"),
                Arbitraries.of("app", "api")).as((id, action, source) -> {
            ObjectNode event = NODES.objectNode();
            event.putObject("meta").put("id", UUID.randomUUID().toString()).put("action", action).put("entity", "deal")
                    .put("entity_id", id).put("change_source", source).put("attempt", 1)
                    .put("timestamp", Instant.now().toString()).put("user_id", 12);
            event.putObject("data").put("id", id).put("title", "Deal " + id).put("person_id", 3);
            event.putNull("previous");
            return event;
        });
        Arbitrary<ObjectNode> v1 = Combinators.combine(ids, Arbitraries.of("added", "deleted", "updated", "merged"))
                .as((id, action) -> {
                    ObjectNode event = NODES.objectNode().put("v", 1).put("event", action + ".deal").put("retry", 0);
                    event.putObject("meta").put("v", 1).put("action", action).put("object", "deal").put("id", id)
                            .put("timestamp", Instant.now().getEpochSecond() + id);
                    event.putObject("current").put("id", id);
                    event.putNull("previous");
                    return event;
                });
        Arbitrary<ObjectNode> dottedSign = Combinators.combine(ids, Arbitraries.of("completed", "declined", "expired",
                "voided", "viewed", "signed", "teleported"), Arbitraries.integers().between(0, 2), ids).as((id, action, format, deal) -> {
            Instant now = Instant.now().minusMillis(id % 60_000);
            ObjectNode event = NODES.objectNode().put("resource_id", id).put("resource_type", "task").put("action_name", action);
            switch (format) {
                case 0 -> event.put("event_datetime", now.getEpochSecond());
                case 1 -> event.put("event_datetime", now.toEpochMilli());
                default -> event.put("event_datetime", now.toString());
            }
            event.put("event_email", "signer@example.com").put("ip_address", "1.2.3.4").put("user_agent", "x");
            event.putObject("task").put("task_id", id).put("status", action).putObject("metadata")
                    .put("pipedrive_deal_id", String.valueOf(deal));
            return event;
        });
        return Arbitraries.oneOf(v2, v1, dottedSign);
    }

    private static final List<String> FIELDS = List.of("/meta", "/meta/id", "/meta/action", "/meta/entity",
            "/meta/entity_id", "/meta/timestamp", "/meta/change_source", "/meta/merged_to_id", "/meta/object", "/data",
            "/data/id", "/previous", "/current", "/current/id", "/v", "/event", "/resource_id", "/resource_type",
            "/action_name", "/event_datetime", "/task", "/task/metadata", "/task/metadata/pipedrive_deal_id", "/task/status");

    /** A valid event with one to three fields removed or given a value of a wrong type, size or sign. */
    private static Arbitrary<Tuple.Tuple2<String, byte[]>> mutatedEvents() {
        Arbitrary<Tuple.Tuple2<String, JsonNode>> mutation = Combinators.combine(Arbitraries.of(FIELDS), oddValues())
                .as(Tuple::of);
        return Combinators.combine(templates(), mutation.list().ofMinSize(1).ofMaxSize(3)).as((event, mutations) -> {
            for (Tuple.Tuple2<String, JsonNode> m : mutations) {
                JsonPointer pointer = JsonPointer.compile(m.get1());
                JsonNode parent = event.at(pointer.head());
                if (parent instanceof ObjectNode object) {
                    String field = pointer.last().getMatchingProperty();
                    if (m.get2() == REMOVED) {
                        object.remove(field);
                    } else {
                        object.set(field, m.get2());
                    }
                }
            }
            return body("mutated " + mutations.stream().map(Tuple.Tuple2::get1).toList(), Json.write(event));
        });
    }

    /** Stands for removing the field. */
    private static final JsonNode REMOVED = NODES.missingNode();

    /** Values no sender should put in a field, or {@link #REMOVED}. */
    private static Arbitrary<JsonNode> oddValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(REMOVED)),
                Tuple.of(1, Arbitraries.just(NODES.nullNode())),
                Tuple.of(1, Arbitraries.<JsonNode>of(NODES.booleanNode(true), NODES.booleanNode(false))),
                Tuple.of(3, Arbitraries.longs().map(n -> node(NODES.numberNode(n.longValue())))),
                Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE).map(n -> node(NODES.numberNode(n.longValue())))),
                Tuple.of(1, Arbitraries.of(new BigInteger("1" + "0".repeat(40)), BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE))
                        .map(n -> node(NODES.numberNode(n)))),
                Tuple.of(1, Arbitraries.doubles().map(n -> node(NODES.numberNode(n.doubleValue())))),
                Tuple.of(1, Arbitraries.of(new BigDecimal("1E+400"), new BigDecimal("-1.5E-400")).map(n -> node(NODES.numberNode(n)))),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40).map(text -> node(NODES.textNode(text)))),
                Tuple.of(2, Arbitraries.of("42", " 42 ", "-42", "0", "4.2", "1e3", "0x2A", "\u0664\u0662", "", "   ", "null",
                        "2026-11-27T10:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday",
                        "completed", "deal", "task", "x".repeat(5000)).map(text -> node(NODES.textNode(text)))),
                Tuple.of(1, Arbitraries.just(node(NODES.objectNode()))),
                Tuple.of(1, Arbitraries.longs().map(id -> node(NODES.objectNode().put("id", id)))),
                Tuple.of(1, Arbitraries.just(node(NODES.arrayNode()))),
                Tuple.of(1, Arbitraries.longs().map(id -> node(NODES.arrayNode().add(id).add("x")))));
    }

    private static JsonNode node(JsonNode node) {
        return node;
    }
}
