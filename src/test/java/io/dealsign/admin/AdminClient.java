package io.dealsign.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import io.dealsign.testing.RunningService;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the admin API over HTTP as an operator's script would, and checks what every answer must be:
 * JSON, never a stack trace, never one of {@code secrets}.
 */
record AdminClient(RunningService service, String token, List<String> secrets) {

    HttpResponse<String> get(String path) {
        return send("GET", path, "Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path) {
        return send("POST", path, "Authorization", "Bearer " + token);
    }

    /** A request with exactly these headers (name, value, ...). */
    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = service.send(request.build());
        assertThat(answer.headers().firstValue("Content-Type")).as("%s %s", method, path).hasValue("application/json");
        assertThat(answer.body()).as("no stack trace").doesNotContain("\tat ").doesNotContain("\n\tat");
        for (String secret : secrets) {
            assertThat(answer.body()).as("no secret").doesNotContain(secret);
        }
        return answer;
    }

    static JsonNode json(HttpResponse<String> answer) {
        try {
            return Json.MAPPER.readTree(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }
}
