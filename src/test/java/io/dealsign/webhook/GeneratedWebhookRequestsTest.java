package io.dealsign.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealsign.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.dealsign.webhook.Generator.option;
import static io.dealsign.webhook.WebhookClient.DOTTEDSIGN;
import static io.dealsign.webhook.WebhookClient.PIPEDRIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated requests, good, bad and hostile, at both webhook endpoints of one running service over
 * real HTTP. Whatever the body and headers: no 5xx and no hang; no 2xx without valid credentials or
 * signature; a stored row exactly when the answer says {@code accepted}; no stack trace or echoed
 * form field in the answer; and the service healthy after every request. Each probe sends one
 * generated body to both endpoints, with the headers generated for each.
 *
 * <p>The seed is random per run and part of every probe's name; {@code -Dwebhook.fuzz.seed=<seed>}
 * replays a run, {@code -Dwebhook.fuzz.probes=<n>} changes how many probes it sends (1,000).
 */
class GeneratedWebhookRequestsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long SEED = Long.getLong("webhook.fuzz.seed", ThreadLocalRandom.current().nextLong());
    private static final int PROBES = Integer.getInteger("webhook.fuzz.probes", 1000);

    @TempDir
    static Path routes;
    private static WebhookClient client;

    @BeforeAll
    static void start() throws Exception {
        client = WebhookClient.start(routes);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @TestFactory
    Stream<DynamicTest> no_request_gets_a_5xx_and_only_an_authentic_accepted_event_leaves_a_row() {
        Generator generator = new Generator(SEED);
        return IntStream.rangeClosed(1, PROBES).mapToObj(n -> {
            Probe probe = probe(generator);
            String name = "probe " + n + " of seed " + SEED + " (-Dwebhook.fuzz.seed=" + SEED + "): " + probe;
            return DynamicTest.dynamicTest(name, () -> {
                check(name, probe, PIPEDRIVE, probe.pipedriveAuth().headers(probe.body()), probe.pipedriveAuth().authentic());
                check(name, probe, DOTTEDSIGN, probe.signature().headers(probe.body()), probe.signature().authentic());
                theServiceIsStillHealthy();
            });
        });
    }

    private static void theServiceIsStillHealthy() {
        HttpResponse<String> health = client.service.get("/observe/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private static void check(String probeName, Probe probe, String path, List<String> authHeaders, boolean authentic) {
        long inboxBefore = client.inboxRows();
        long processedBefore = client.processedEventRows();
        List<String> headers = new ArrayList<>(probe.contentTypes());
        headers.addAll(authHeaders);
        HttpRequest request = client.request(path, headers.toArray(String[]::new))
                .method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body())).build();

        HttpResponse<String> response = client.send(request);

        int status = response.statusCode();
        String what = probeName + "\n" + path + " answered " + status + " " + response.body();
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

    /** A body (weighted towards nearly valid events, where bugs hide), its headers and method. */
    private static Probe probe(Generator g) {
        Body body = g.weighted(
                option(3, () -> new Body("bytes", g.bytes(2000))),
                option(2, () -> body("text", g.text(300))),
                option(3, () -> truncatedEvent(g)),
                option(2, () -> nestedJson(g)),
                option(2, () -> hugeNumber(g)),
                option(10, () -> mutatedEvent(g)),
                option(2, () -> formBody(g)),
                option(6, () -> body("valid", event(g).toString())));
        List<String> contentTypes = g.weighted(
                option(14, () -> List.of("Content-Type", "application/json")),
                option(4, () -> List.of("Content-Type", g.oneOf("application/json; charset=utf-8", "APPLICATION/JSON",
                        "application/vnd.api+json", "text/plain", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/xml", ";;;", "application/json, text/plain", "*/*"))),
                option(2, List::<String>of),
                option(1, () -> List.of("Content-Type", "application/json", "Content-Type", "application/json")));
        String method = g.weighted(option(30, () -> "POST"),
                option(1, () -> g.oneOf("PUT", "GET", "DELETE", "PATCH", "OPTIONS")));
        PipedriveAuth auth = g.weighted(option(12, () -> PipedriveAuth.VALID),
                option(8, () -> g.oneOf(PipedriveAuth.values())));
        Signature signature = g.weighted(option(12, () -> Signature.VALID),
                option(8, () -> g.oneOf(Signature.values())));
        return new Probe(body.kind(), body.bytes(), contentTypes, method, auth, signature);
    }

    private record Body(String kind, byte[] bytes) {
    }

    private static Body body(String kind, String text) {
        return new Body(kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Body truncatedEvent(Generator g) {
        String text = event(g).toString();
        return body("truncated", text.substring(0, (int) (text.length() * g.unit())));
    }

    private static Body nestedJson(Generator g) {
        int depth = g.between(1, 3000);
        String open = g.oneOf("[", "{\"meta\":", "{\"task\":");
        String close = open.equals("[") ? "]" : "}";
        return body("nested", open.repeat(depth) + "1" + (g.bool() ? close.repeat(depth) : close.repeat(depth / 2)));
    }

    private static Body hugeNumber(Generator g) {
        String number = g.oneOf("1" + "0".repeat(400), "-" + "9".repeat(30), "1e999999", "-1e-999999", "9".repeat(2000),
                "18446744073709551616", "-9223372036854775809", "1.7976931348623157E309", "0.000000000000000000001");
        String field = g.oneOf("entity_id", "id", "timestamp", "resource_id", "event_datetime");
        return body("huge-number", "{\"meta\":{\"id\":\"e\",\"action\":\"create\",\"entity\":\"deal\",\""
                + field + "\":" + number + "},\"resource_id\":1,\"action_name\":\"completed\",\"" + field + "\":"
                + number + "}");
    }

    private static Body formBody(Generator g) {
        List<String> names = g.listOf(1, 5, generator -> generator.letters(1, 20));
        return body("form", String.join("&", names.stream().map(n -> n + "=" + n.length()).toList())
                + "&{\"meta\":{}}=x&Authorization=Basic%20x");
    }

    /** A valid event of one of the three shapes (Pipedrive v2, Pipedrive v1, DottedSign), fresh ids, now. */
    private static ObjectNode event(Generator g) {
        long id = g.longBetween(1, 10_000_000);
        return switch (g.between(0, 2)) {
            case 0 -> {
                ObjectNode event = NODES.objectNode();
                event.putObject("meta").put("id", UUID.randomUUID().toString())
                        .put("action", g.oneOf("create", "delete", "change", "merge")).put("entity", "deal")
                        .put("entity_id", id).put("change_source", g.oneOf("app", "api")).put("attempt", 1)
                        .put("timestamp", Instant.now().toString()).put("user_id", 12);
                event.putObject("data").put("id", id).put("title", "Deal " + id).put("person_id", 3);
                event.putNull("previous");
                yield event;
            }
            case 1 -> {
                String action = g.oneOf("added", "deleted", "updated", "merged");
                ObjectNode event = NODES.objectNode().put("v", 1).put("event", action + ".deal").put("retry", 0);
                event.putObject("meta").put("v", 1).put("action", action).put("object", "deal").put("id", id)
                        .put("timestamp", Instant.now().getEpochSecond() + id);
                event.putObject("current").put("id", id);
                event.putNull("previous");
                yield event;
            }
            default -> {
                String action = g.oneOf("completed", "declined", "expired", "voided", "viewed", "signed", "teleported");
                Instant now = Instant.now().minusMillis(id % 60_000);
                ObjectNode event = NODES.objectNode().put("resource_id", id).put("resource_type", "task").put("action_name", action);
                switch (g.between(0, 2)) {
                    case 0 -> event.put("event_datetime", now.getEpochSecond());
                    case 1 -> event.put("event_datetime", now.toEpochMilli());
                    default -> event.put("event_datetime", now.toString());
                }
                event.put("event_email", "signer@example.com").put("ip_address", "1.2.3.4").put("user_agent", "x");
                event.putObject("task").put("task_id", id).put("status", action).putObject("metadata")
                        .put("pipedrive_deal_id", String.valueOf(g.longBetween(1, 10_000_000)));
                yield event;
            }
        };
    }

    private static final List<String> FIELDS = List.of("/meta", "/meta/id", "/meta/action", "/meta/entity",
            "/meta/entity_id", "/meta/timestamp", "/meta/change_source", "/meta/merged_to_id", "/meta/object", "/data",
            "/data/id", "/previous", "/current", "/current/id", "/v", "/event", "/resource_id", "/resource_type",
            "/action_name", "/event_datetime", "/task", "/task/metadata", "/task/metadata/pipedrive_deal_id", "/task/status");

    /** A valid event with one to three fields removed or given a value of a wrong type, size or sign. */
    private static Body mutatedEvent(Generator g) {
        ObjectNode event = event(g);
        List<String> mutated = new ArrayList<>();
        for (int i = g.between(1, 3); i > 0; i--) {
            String path = g.oneOf(FIELDS);
            JsonNode value = oddValue(g);
            mutated.add(path);
            JsonPointer pointer = JsonPointer.compile(path);
            if (event.at(pointer.head()) instanceof ObjectNode parent) {
                String field = pointer.last().getMatchingProperty();
                if (value == REMOVED) {
                    parent.remove(field);
                } else {
                    parent.set(field, value);
                }
            }
        }
        return body("mutated " + mutated, Json.write(event));
    }

    /** Stands for removing the field. */
    private static final JsonNode REMOVED = NODES.missingNode();

    /** Values no sender should put in a field, or {@link #REMOVED}. */
    private static JsonNode oddValue(Generator g) {
        return g.<JsonNode>weighted(
                option(2, () -> REMOVED),
                option(1, NODES::nullNode),
                option(1, () -> NODES.booleanNode(g.bool())),
                option(3, () -> NODES.numberNode(g.anyLong())),
                option(1, () -> NODES.numberNode(g.oneOf(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE))),
                option(1, () -> NODES.numberNode(g.oneOf(new BigInteger("1" + "0".repeat(40)),
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)))),
                option(1, () -> NODES.numberNode(g.oneOf(g.unit() * g.anyLong(), Double.MAX_VALUE, -Double.MIN_VALUE,
                        Double.NaN, Double.POSITIVE_INFINITY))),
                option(1, () -> NODES.numberNode(g.oneOf(new BigDecimal("1E+400"), new BigDecimal("-1.5E-400")))),
                option(3, () -> NODES.textNode(g.text(40))),
                option(2, () -> NODES.textNode(g.oneOf("42", " 42 ", "-42", "0", "4.2", "1e3", "0x2A", "\u0664\u0662", "",
                        "   ", "null", "2026-11-27T10:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday",
                        "completed", "deal", "task", "x".repeat(5000)))),
                option(1, NODES::objectNode),
                option(1, () -> NODES.objectNode().put("id", g.anyLong())),
                option(1, NODES::arrayNode),
                option(1, () -> NODES.arrayNode().add(g.anyLong()).add("x")));
    }
}
