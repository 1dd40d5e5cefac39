package io.dealsign.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the admin API: a status, a body written as JSON (a record, or a map), and the few
 * response headers the API sets itself. Nothing of the request is echoed.
 */
public record AdminAnswer(int status, Object body, Map<String, String> headers) {

    public static AdminAnswer of(int status, Object body) {
        return new AdminAnswer(status, body, Map.of());
    }

    public static AdminAnswer ok(Object body) {
        return of(200, body);
    }

    /** {@code {"error": reason}}, plus further fields when given (name, value, name, value...). */
    public static AdminAnswer error(int status, String reason, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        return of(status, body);
    }

    public AdminAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminAnswer(status, body, Map.copyOf(more));
    }
}
