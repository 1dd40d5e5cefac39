package io.dealsign.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.SyncWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run that starts the service with every secret set, runs the flows against both simulators, and
 * throws wrong credentials at both webhook endpoints, with the loggers that could print settings
 * turned up. No secret appears in any log line, error body or health answer.
 */
class SecretsStayOutOfLogsTest {

    private static final String DATABASE_PASSWORD = "db-pass-4a7c19e2";
    /** The admin API's token (merged from the admin work); set here so that the scan covers it too. */
    private static final String ADMIN_TOKEN = "admin-token-9b3e57d0c1";
    private static final Duration FLOW = Duration.ofSeconds(20);

    @TempDir
    Path work;
    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void louder() {
        // What the test configuration quietens, and the service's own debug lines.
        for (String name : List.of("org.apache.camel.main", "org.apache.camel.main.BaseMainSupport", "io.dealsign",
                "org.apache.camel.component.platform")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(name.equals("io.dealsign") ? Level.DEBUG : Level.INFO);
        }
    }

    @AfterEach
    void quieter() {
        levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    private HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_never_log_answer_or_report_a_secret_during_flows_and_refused_webhooks() throws Exception {
        List<String> answers = new ArrayList<>();
        List<String> accessTokens;
        try (CapturedLogs logs = new CapturedLogs();
             SyncWorld world = SyncWorld.start(work, Map.of("sync.datasource.password", DATABASE_PASSWORD,
                     "sync.admin.token", ADMIN_TOKEN))) {
            // The flows: a deal gets a contract, the signer signs, the deal is won with the files attached.
            Person person = world.pipedrive.createPerson("Ada Signer", "ada@example.com");
            Deal deal = world.pipedrive.createDeal(DealDraft.titled("Secret-free deal").withPerson(person.id()));
            await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
            Task task = world.dottedSign.task(world.binding(deal.id()).taskId()).orElseThrow();
            world.dottedSign.sign(task.taskId());
            await().atMost(FLOW).until(() -> world.pipedrive.filesOfDeal(deal.id()).size() == 2);

            // Wrong credentials, some of them made of the real secrets.
            String pipedrive = world.service().url("/webhooks/pipedrive");
            String dottedSign = world.service().url("/webhooks/dottedsign");
            String event = """
                    {"meta":{"id":"e-1","action":"create","entity":"deal","entity_id":1}}""";
            String signed = """
                    {"resource_id":%d,"action_name":"completed","event_datetime":%d}"""
                    .formatted(task.taskId(), Instant.now().getEpochSecond());
            List<HttpResponse<String>> refused = List.of(
                    post(pipedrive, event, "Authorization", basic(SyncWorld.WEBHOOK_USER, SyncWorld.WEBHOOK_PASSWORD + "x")),
                    post(pipedrive, event, "Authorization", basic("someone", SyncWorld.WEBHOOK_PASSWORD)),
                    post(pipedrive, event, "Authorization", "Bearer " + SyncWorld.PIPEDRIVE_TOKEN),
                    post(pipedrive, event, "Authorization", SyncWorld.WEBHOOK_PASSWORD),
                    post(pipedrive, event, "Authorization", basic(SyncWorld.WEBHOOK_USER, SyncWorld.WEBHOOK_PASSWORD),
                            "Authorization", basic(SyncWorld.WEBHOOK_USER, SyncWorld.WEBHOOK_PASSWORD)),
                    post(dottedSign, signed, "Signature", SyncWorld.CLIENT_SECRET),
                    post(dottedSign, signed, "Signature", hmac(SyncWorld.CLIENT_SECRET + "x", signed)),
                    post(dottedSign, signed, "Signature", hmac(SyncWorld.CLIENT_SECRET, signed + " ")),
                    post(dottedSign, signed));
            assertThat(refused).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(401));
            refused.forEach(response -> answers.add(response.headers().map() + " " + response.body()));
            answers.add(world.service().get("/observe/health").body());
            answers.add(world.service().get("/observe/health?data=true").body());
            answers.add(world.service().get("/observe/health/ready?data=true").body());
            answers.add(post(pipedrive, "{not json", "Authorization",
                    basic(SyncWorld.WEBHOOK_USER, SyncWorld.WEBHOOK_PASSWORD)).body());

            accessTokens = world.dottedSign.requests().all().stream().map(r -> r.header("Authorization"))
                    .filter(h -> h != null && h.startsWith("Bearer ")).map(h -> h.substring(7)).distinct().toList();
            assertThat(accessTokens).as("the service used DottedSign access tokens").isNotEmpty();
            assertThat(logs.contains("Pipedrive webhook refused with 401: wrong Basic credentials")).isTrue();
            assertThat(logs.contains("DottedSign webhook refused with 401: a wrong signature")).isTrue();

            Map<String, String> secrets = new LinkedHashMap<>();
            secrets.put("pipedrive.api-token", SyncWorld.PIPEDRIVE_TOKEN);
            secrets.put("pipedrive.webhook.password", SyncWorld.WEBHOOK_PASSWORD);
            secrets.put("pipedrive webhook Basic credentials",
                    basic(SyncWorld.WEBHOOK_USER, SyncWorld.WEBHOOK_PASSWORD).substring(6));
            secrets.put("dottedsign.client-secret", SyncWorld.CLIENT_SECRET);
            secrets.put("sync.datasource.password", DATABASE_PASSWORD);
            secrets.put("sync.admin.token", ADMIN_TOKEN);
            accessTokens.forEach(token -> secrets.put("DottedSign access token " + token.hashCode(), token));
            List<String> lines = logs.lines();
            assertThat(lines).as("captured log lines").hasSizeGreaterThan(50);
            secrets.forEach((what, secret) -> {
                assertThat(lines).as("log lines containing " + what).noneMatch(line -> line.contains(secret));
                assertThat(answers).as("answers containing " + what).noneMatch(answer -> answer.contains(secret));
            });
        }
    }
}
