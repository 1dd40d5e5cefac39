package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for the tests: real requests, raw answers, nothing shared with the simulator's code. */
final class ApiClient {

    /** One answer, kept raw so tests can look at the exact bytes and headers. */
    record Response(int status, HttpHeaders headers, byte[] body) {

        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        JsonObject data() {
            return json().getJsonObject("data");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response requestToken(String clientId, String clientSecret) {
        return post("/v1/oauth/token", null, new JsonObject()
                .put("grant_type", "client_credentials")
                .put("client_id", clientId)
                .put("client_secret", clientSecret)
                .put("scope", "sign_tasks.general.read sign_tasks.general.write"));
    }

    /** A fresh token through the real token endpoint. */
    String token(DottedSignSimulator sim) {
        Response response = requestToken(sim.clientId(), sim.clientSecret());
        if (response.status() != 200) {
            throw new AssertionError("token request failed: " + response);
        }
        return response.json().getString("access_token");
    }

    Response get(String pathAndQuery, String token) {
        return send(builder(pathAndQuery, token).GET());
    }

    /** A GET with this exact Authorization header value. */
    Response getWithAuthorization(String pathAndQuery, String authorization) {
        return send(builder(pathAndQuery, null).header("Authorization", authorization).GET());
    }

    Response post(String path, String token, JsonObject body) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    Response postRaw(String path, String token, String contentType, String body) {
        return send(builder(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response delete(String path) {
        return send(builder(path, null).DELETE());
    }

    /** A GET on an absolute URL, with no token (download links). */
    Response getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    /** Creates a task from template 1 with the given signers and answers its id. */
    long createTask(String token, boolean start, JsonObject metadata, String... signerEmails) {
        io.vertx.core.json.JsonArray stages = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < signerEmails.length; i++) {
            stages.add(new JsonObject().put("name", "Signer " + (i + 1)).put("email", signerEmails[i]));
        }
        Response response = post("/v1/sign_tasks", token, new JsonObject()
                .put("file_name", "Quote Q-1001")
                .put("template_id", 1)
                .put("stages", stages)
                .put("metadata", metadata)
                .put("start", start));
        if (response.status() != 200) {
            throw new AssertionError("create failed: " + response);
        }
        return response.data().getLong("task_id");
    }

    private HttpRequest.Builder builder(String pathAndQuery, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", "dealsign-tests/1.0");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
