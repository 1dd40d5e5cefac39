package io.dealsign.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an admin endpoint reads of an authenticated request: the method, the path below {@value #BASE}
 * as segments, and the query parameters, parsed here from the raw query string (Camel would mix them
 * with the request headers in one map).
 */
public record AdminRequest(String method, String path, List<String> segments, Map<String, List<String>> query) {

    public static final String BASE = "/admin/api";

    /** @throws BadRequest when the query string is not valid URL encoding */
    public static AdminRequest of(String method, String path, String rawQuery) {
        List<String> segments = isBelowBase(path)
                ? Arrays.stream(path.substring(BASE.length()).split("/")).filter(s -> !s.isEmpty()).toList()
                : List.of();
        return new AdminRequest(method, path, segments, parseQuery(rawQuery));
    }

    /** {@value #BASE} itself or a path below it; not {@code /admin/apifoo}, which the consumer's prefix also matches. */
    public boolean isAdminPath() {
        return isBelowBase(path);
    }

    /** The value of a query parameter given at most once; null when absent or empty. */
    public String param(String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequest("give the parameter " + name + " once");
        }
        String value = values.get(0).strip();
        return value.isEmpty() ? null : value;
    }

    /** Refuses parameters the endpoint does not know, so that a typo does not silently widen a list. */
    public void onlyParams(List<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw new BadRequest("unknown parameter '" + printable(name) + "'; this endpoint takes "
                        + (known.isEmpty() ? "no parameters" : String.join(", ", known)));
            }
        }
    }

    private static boolean isBelowBase(String path) {
        return path.equals(BASE) || path.startsWith(BASE + "/");
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not valid URL encoding");
        }
    }

    /** At most 40 printable ASCII characters of what the client sent, to name it in a reason. */
    static String printable(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    /** A request the admin API refuses with 400 and this reason. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String reason) {
            super(reason);
        }
    }
}
