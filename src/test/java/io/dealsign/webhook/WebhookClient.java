package io.dealsign.webhook;

import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.testing.RunningService;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The webhook endpoints of one running service, as the two senders (and those pretending to be them)
 * reach them: credentials, signatures, and the rows a request may leave behind.
 */
final class WebhookClient implements AutoCloseable {

    static final String PIPEDRIVE = "/webhooks/pipedrive";
    static final String DOTTEDSIGN = "/webhooks/dottedsign";
    static final String USER = "hook-user";
    static final String PASSWORD = "hook-password-8d1f";
    static final String CLIENT_SECRET = "dottedsign-secret-5c2a";

    final RunningService service;
    /** HTTP/1.1, as Pipedrive and DottedSign deliver webhooks (the JDK's client would otherwise upgrade to h2c). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JdbcTemplate jdbc;

    private WebhookClient(RunningService service) {
        this.service = service;
        this.jdbc = new JdbcTemplate(service.camelContext().getRegistry()
                .lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class));
    }

    /**
     * A service with both senders' credentials set, whose flows are a mock endpoint, so that stored
     * events are counted, not run against APIs.
     */
    static WebhookClient start(Path routes, String... properties) throws Exception {
        Files.writeString(routes.resolve("dispatch.camel.yaml"), """
                - route:
                    id: dispatch-event
                    from:
                      uri: direct:dispatch-event
                      steps:
                        - to:
                            uri: mock:dispatched
                """);
        RunningService.Builder builder = RunningService.builder().routesDirectory(routes)
                .property("pipedrive.webhook.username", USER)
                .property("pipedrive.webhook.password", PASSWORD)
                .property("dottedsign.client-secret", CLIENT_SECRET)
                .property("sync.poll.dottedsign.cron", "0 0 0 1 1 ? 2099")
                .property("sync.poll.pipedrive.cron", "0 0 0 1 1 ? 2099");
        for (int i = 0; i < properties.length; i += 2) {
            builder.property(properties[i], properties[i + 1]);
        }
        return new WebhookClient(builder.start());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request to an endpoint; {@code headers} are name, value pairs, a name may repeat. */
    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("no answer from " + request.method() + " " + request.uri() + ": " + e, e);
        }
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** As Pipedrive sends it: JSON, with the right credentials. */
    HttpResponse<String> pipedrive(String body) {
        return post(PIPEDRIVE, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Authorization", basic(USER, PASSWORD));
    }

    /** As DottedSign sends it: JSON, signed with the client secret. */
    HttpResponse<String> dottedSign(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(DOTTEDSIGN, bytes, "Content-Type", "application/json", "Signature", sign(bytes));
    }

    long inboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class);
    }

    long processedEventRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class);
    }

    /** Both counts at once, to compare before and after a request. */
    String rows() {
        return "inbox=" + inboxRows() + ", processed=" + processedEventRows();
    }

    @Override
    public void close() {
        service.close();
    }
}
