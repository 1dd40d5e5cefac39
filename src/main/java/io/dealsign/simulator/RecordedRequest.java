package io.dealsign.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One request as a simulator received it, kept so that tests can assert on what the product sent
 * (headers are keyed in lower case).
 */
public record RecordedRequest(Instant receivedAt, String method, String path, String query,
                              Map<String, String> headers, byte[] body, int status) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null || query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
