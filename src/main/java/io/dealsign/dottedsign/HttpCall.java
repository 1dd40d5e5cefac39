package io.dealsign.dottedsign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One HTTP request the client makes, described before it is sent (and sent again as it is on a retry).
 * {@link #toString()} names the request for log lines and never shows its body (the token request carries
 * the client secret) nor a download link (a pre-signed link is a credential while it lasts).
 *
 * @param target     what is called, which decides authentication and throttling
 * @param pathOrUrl  a path under the base URL, or the absolute download link for {@link Target#FILE}
 * @param json       the JSON body, or null for none
 * @param idempotent whether sending it twice is harmless; a call that is not is never sent again after a
 *                   failure that may have happened after DottedSign carried it out
 * @param taskId     the task the call is about, or null; a 404 or {@code 400033} then means the task is gone
 * @param about      what the call is for, for log lines: "task 123", "deal 42"
 */
record HttpCall(Target target, String method, String pathOrUrl, Map<String, String> query, Object json,
                boolean idempotent, Long taskId, String about) {

    enum Target {
        /** {@code POST /v1/oauth/token}: throttled, not authenticated. */
        TOKEN,
        /** Any other DottedSign API call: throttled, with the access token. */
        API,
        /** A download link: another host in real life, neither throttled nor authenticated. */
        FILE
    }

    HttpCall {
        query = query == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    static HttpCall get(String path, Map<String, String> query, Long taskId, String about) {
        return new HttpCall(Target.API, "GET", path, query, null, true, taskId, about);
    }

    static HttpCall post(String path, Object json, boolean idempotent, Long taskId, String about) {
        return new HttpCall(Target.API, "POST", path, null, json, idempotent, taskId, about);
    }

    static HttpCall token(Object json) {
        return new HttpCall(Target.TOKEN, "POST", "/v1/oauth/token", null, json, true, null, "an access token");
    }

    static HttpCall file(String url, long taskId, String about) {
        return new HttpCall(Target.FILE, "GET", url, null, null, true, taskId, about);
    }

    /** The absolute URL to send to. */
    String url(String baseUrl) {
        if (target == Target.FILE) {
            return pathOrUrl;
        }
        if (query.isEmpty()) {
            return baseUrl + pathOrUrl;
        }
        return baseUrl + pathOrUrl + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "GET /v1/sign_tasks/read for task 123"; a download link shows as "the download link". */
    @Override
    public String toString() {
        String what = target == Target.FILE ? method + " the download link" : method + " " + pathOrUrl;
        return about == null ? what : what + " for " + about;
    }
}
