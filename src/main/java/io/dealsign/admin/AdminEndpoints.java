package io.dealsign.admin;

import io.dealsign.admin.AdminRequest.BadRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The admin API's endpoints: which method and path run which operation. A path segment written
 * {@code {name}} is a parameter, handed to the operation in order. A known path with another method is
 * answered 405 with {@code Allow}; an unknown path 404; a bad parameter 400.
 */
final class AdminEndpoints {

    private record Endpoint(String method, List<String> pattern, String parameters, String does,
                            BiFunction<AdminRequest, List<String>, AdminAnswer> operation) {

        /** The path parameters when the segments match the pattern, else null. */
        List<String> match(List<String> segments) {
            if (segments.size() != pattern.size()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < pattern.size(); i++) {
                String part = pattern.get(i);
                if (part.startsWith("{")) {
                    values.add(segments.get(i));
                } else if (!part.equals(segments.get(i))) {
                    return null;
                }
            }
            return values;
        }

        String describe() {
            return method + " " + AdminRequest.BASE + (pattern.isEmpty() ? "" : "/" + String.join("/", pattern)) + parameters
                    + ": " + does;
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();

    AdminEndpoints(AdminOperations operations) {
        add("GET", "", "", "this list", (request, path) -> {
            request.onlyParams(List.of());
            return AdminAnswer.ok(Map.of("endpoints", endpoints.stream().map(Endpoint::describe).toList()));
        });
        add("GET", "events", "?status=PARKED&deal=42&subject=task:7&limit=100",
                "inbox events, newest first (all parameters optional)", (request, path) -> operations.events(request));
        add("POST", "events/{id}/replay", "", "runs one parked event again, attempts reset",
                (request, path) -> noParams(request, () -> operations.replayEvent(path.get(0))));
        add("POST", "deals/{dealId}/replay", "", "runs every parked event of the deal and of its bound task again",
                (request, path) -> noParams(request, () -> operations.replayDeal(path.get(0))));
        add("GET", "bindings", "?deal=42&task=7&state=BOUND&limit=100", "deal-task bindings (all parameters optional)",
                (request, path) -> operations.bindings(request));
        add("GET", "status", "", "inbox counts, pollers' watermarks, the Pipedrive budget",
                (request, path) -> noParams(request, operations::status));
        add("POST", "poll/{poller}", "", "runs a poll cycle now: poller is dottedsign or pipedrive",
                (request, path) -> noParams(request, () -> operations.poll(path.get(0))));
        add("POST", "pipedrive/resume", "", "ends a pause of Pipedrive calls; the events it held back are due now",
                (request, path) -> noParams(request, operations::resumePipedrive));
    }

    private void add(String method, String path, String parameters, String does,
                     BiFunction<AdminRequest, List<String>, AdminAnswer> operation) {
        List<String> pattern = path.isEmpty() ? List.of() : List.of(path.split("/"));
        endpoints.add(new Endpoint(method, pattern, parameters, does, operation));
    }

    private static AdminAnswer noParams(AdminRequest request, java.util.function.Supplier<AdminAnswer> operation) {
        request.onlyParams(List.of());
        return operation.get();
    }

    AdminAnswer answer(AdminRequest request) {
        if (!request.isAdminPath()) {
            return notFound();
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Endpoint endpoint : endpoints) {
            List<String> parameters = endpoint.match(request.segments());
            if (parameters == null) {
                continue;
            }
            if (!endpoint.method().equals(request.method())) {
                allowed.add(endpoint.method());
                continue;
            }
            try {
                return endpoint.operation().apply(request, parameters);
            } catch (BadRequest bad) {
                return AdminAnswer.error(400, bad.getMessage());
            }
        }
        if (!allowed.isEmpty()) {
            return AdminAnswer.error(405, "use " + String.join(" or ", allowed) + " here")
                    .withHeader("Allow", String.join(", ", allowed));
        }
        return notFound();
    }

    private static AdminAnswer notFound() {
        return AdminAnswer.error(404, "there is no admin endpoint at this path; GET " + AdminRequest.BASE + " lists them");
    }
}
