package io.dealsign.simulator.dottedsign;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.SimulatorServer;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The simulator's own HTTP control API under {@code /_sim} (never faulted or rate-limited), mirroring
 * the Java control methods of {@link DottedSignSimulator} for the standalone simulator and black-box
 * tests. Answers JSON; a control error is {@code {"error": "..."}} with 400 (bad input), 404 (no such
 * task) or 409 (the task is not in a state that allows it).
 *
 * <pre>
 * GET  /_sim/settings                     current settings
 * POST /_sim/settings                     change any of them (partial JSON, same keys as GET)
 * GET  /_sim/faults, POST /_sim/faults    {error_rate, timeout_rate, latency_ms}
 * POST /_sim/tokens                       issue a token without the OAuth call
 * POST /_sim/tokens/expire                expire every issued token now
 * GET  /_sim/tasks                        every task, discarded ones too ({tasks:[...]}, each with "discarded")
 * POST /_sim/tasks                        seed: one task object or {tasks:[...]} → {task_ids:[...]}
 * GET  /_sim/tasks/{id}                   one task
 * POST /_sim/tasks/{id}/sign              next signer signs (then completed after the last)
 * POST /_sim/tasks/{id}/decline           next signer declines
 * POST /_sim/tasks/{id}/expire            the task expires
 * POST /_sim/tasks/{id}/redeliver         send the task's last webhook again
 * GET  /_sim/webhooks                     webhook deliveries ({deliveries:[...]})
 * GET  /_sim/requests                     API requests received (?include_control=true for all)
 * DELETE /_sim/requests                   forget them
 * POST /_sim/monthly-task-usage/reset     a new month begins
 * POST /_sim/reset                        no tasks, tokens, deliveries, requests or faults; settings stay
 * </pre>
 */
final class ControlApi {

    private static final String P = SimulatorServer.CONTROL_PREFIX;
    private final DottedSignSimulator sim;

    ControlApi(DottedSignSimulator sim) {
        this.sim = sim;
    }

    void addRoutes(Router router) {
        router.get(P + "/settings").handler(control(ctx -> sim.settingsJson()));
        router.post(P + "/settings").handler(control(this::changeSettings));
        router.get(P + "/faults").handler(control(ctx -> faultsJson()));
        router.post(P + "/faults").handler(control(this::changeFaults));
        router.post(P + "/tokens").handler(control(ctx -> new JsonObject().put("access_token", sim.issueToken())));
        router.post(P + "/tokens/expire").handler(control(ctx -> {
            sim.expireAllTokens();
            return new JsonObject().put("expired", true);
        }));
        router.get(P + "/tasks").handler(control(ctx -> tasksJson(sim.tasks())));
        router.post(P + "/tasks").handler(control(this::seed));
        router.get(P + "/tasks/:id").handler(control(ctx -> sim.controlTaskJson(
                sim.task(taskId(ctx)).orElseThrow(() -> new NoSuchElementException("no task " + taskId(ctx))))));
        router.post(P + "/tasks/:id/sign").handler(control(ctx -> sim.controlTaskJson(sim.sign(taskId(ctx)))));
        router.post(P + "/tasks/:id/decline").handler(control(ctx -> sim.controlTaskJson(sim.decline(taskId(ctx)))));
        router.post(P + "/tasks/:id/expire").handler(control(ctx -> sim.controlTaskJson(sim.expire(taskId(ctx)))));
        router.post(P + "/tasks/:id/redeliver").handler(control(ctx -> {
            sim.redeliverLastWebhook(taskId(ctx));
            return new JsonObject().put("redelivered", true);
        }));
        router.get(P + "/webhooks").handler(control(ctx -> deliveriesJson()));
        router.get(P + "/requests").handler(control(ctx -> requestsJson("true".equals(ctx.queryParams().get("include_control")))));
        router.delete(P + "/requests").handler(control(ctx -> {
            sim.requests().clear();
            return new JsonObject().put("cleared", true);
        }));
        router.post(P + "/monthly-task-usage/reset").handler(control(ctx -> {
            sim.resetMonthlyTaskUsage();
            return new JsonObject().put("monthly_task_usage", sim.monthlyTaskUsage());
        }));
        router.post(P + "/reset").handler(control(ctx -> {
            sim.reset();
            return new JsonObject().put("reset", true);
        }));
    }

    private JsonObject changeSettings(RoutingContext ctx) {
        JsonObject body = DottedSignSimulator.jsonBody(ctx);
        // Validate everything first, then apply, so a bad request changes nothing.
        List<Runnable> changes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : body) {
            Object value = entry.getValue();
            changes.add(switch (entry.getKey()) {
                case "client_id" -> credentials(value, null);
                case "client_secret" -> credentials(null, value);
                case "token_lifetime_seconds" -> {
                    Duration lifetime = Duration.ofSeconds(number(value, entry.getKey()).longValue());
                    yield () -> sim.tokenLifetime(lifetime);
                }
                case "accepted_template_ids" -> {
                    if (value == null) {
                        yield sim::acceptAnyTemplate;
                    }
                    long[] ids = ((JsonArray) value).stream().mapToLong(id -> Params.id(id, "accepted_template_ids")).toArray();
                    yield () -> sim.acceptedTemplateIds(ids);
                }
                case "monthly_task_quota" -> {
                    Integer quota = value == null ? null : number(value, entry.getKey()).intValue();
                    yield () -> sim.monthlyTaskQuota(quota);
                }
                case "rate_limit" -> {
                    RateLimitSpec spec = value instanceof JsonObject o
                            ? new RateLimitSpec(number(o.getValue("limit"), "rate_limit.limit").intValue(),
                            Duration.ofMillis(number(o.getValue("window_ms"), "rate_limit.window_ms").longValue()))
                            : RateLimitSpec.parse(String.valueOf(value));
                    yield () -> sim.rateLimit(spec.limit(), spec.window());
                }
                case "retry_after" -> {
                    boolean on = bool(value, entry.getKey());
                    yield () -> sim.retryAfterHeader(on);
                }
                case "webhook_url" -> {
                    String url = (String) value;
                    if (url != null) {
                        java.net.URI.create(url);
                    }
                    yield () -> sim.webhookUrl(url);
                }
                case "signature_mode" -> {
                    SignatureMode mode = SignatureMode.fromName(String.valueOf(value));
                    yield () -> sim.signatureMode(mode);
                }
                case "webhook_includes_task" -> {
                    boolean on = bool(value, entry.getKey());
                    yield () -> sim.webhookIncludesTask(on);
                }
                case "webhook_delivery" -> {
                    boolean on = bool(value, entry.getKey());
                    yield () -> sim.webhookDelivery(on);
                }
                case "time_zone" -> {
                    ZoneId zone = ZoneId.of(String.valueOf(value));
                    yield () -> sim.timeZone(zone);
                }
                case "owner_email" -> () -> sim.ownerEmail(String.valueOf(value));
                case "download_link_lifetime_seconds" -> {
                    Duration lifetime = Duration.ofSeconds(number(value, entry.getKey()).longValue());
                    yield () -> sim.downloadLinkLifetime(lifetime);
                }
                default -> throw new IllegalArgumentException("unknown setting " + entry.getKey());
            });
        }
        changes.forEach(Runnable::run);
        return sim.settingsJson();
    }

    private Runnable credentials(Object id, Object secret) {
        return () -> sim.clientCredentials(id == null ? sim.clientId() : String.valueOf(id),
                secret == null ? sim.clientSecret() : String.valueOf(secret));
    }

    private JsonObject faultsJson() {
        return new JsonObject()
                .put("error_rate", sim.faults().errorRate())
                .put("timeout_rate", sim.faults().timeoutRate())
                .put("latency_ms", sim.faults().latency().toMillis());
    }

    private JsonObject changeFaults(RoutingContext ctx) {
        JsonObject body = DottedSignSimulator.jsonBody(ctx);
        double errorRate = body.containsKey("error_rate") ? number(body.getValue("error_rate"), "error_rate").doubleValue() : sim.faults().errorRate();
        double timeoutRate = body.containsKey("timeout_rate") ? number(body.getValue("timeout_rate"), "timeout_rate").doubleValue() : sim.faults().timeoutRate();
        Duration latency = body.containsKey("latency_ms")
                ? Duration.ofMillis(number(body.getValue("latency_ms"), "latency_ms").longValue()) : sim.faults().latency();
        sim.faults().errorRate(errorRate).timeoutRate(timeoutRate).latency(latency);
        return faultsJson();
    }

    private JsonObject seed(RoutingContext ctx) {
        JsonObject body = DottedSignSimulator.jsonBody(ctx);
        List<SeedTask> seeds = new ArrayList<>();
        if (body.containsKey("tasks")) {
            for (Object item : body.getJsonArray("tasks")) {
                seeds.add(seedTask((JsonObject) item));
            }
        } else {
            seeds.add(seedTask(body));
        }
        return new JsonObject().put("task_ids", new JsonArray(new ArrayList<>(sim.seed(seeds))));
    }

    private static SeedTask seedTask(JsonObject json) {
        TaskStatus status = TaskStatus.fromWireName(json.getString("status", ""))
                .orElseThrow(() -> new IllegalArgumentException("a seeded task needs a status: draft, waiting, completed, declined, voided or expired"));
        SeedTask seed = SeedTask.withStatus(status).withFileName(json.getString("file_name", "Seeded task"));
        JsonObject metadata = json.getJsonObject("metadata", new JsonObject());
        for (Map.Entry<String, Object> pair : metadata) {
            seed = seed.withMetadata(pair.getKey(), String.valueOf(pair.getValue()));
        }
        JsonArray stages = json.getJsonArray("stages");
        if (stages != null) {
            List<Stage> list = new ArrayList<>();
            for (Object item : stages) {
                JsonObject stage = (JsonObject) item;
                if (stage.getString("name") == null || stage.getString("email") == null) {
                    throw new IllegalArgumentException("a seeded stage needs a name and an email: " + stage.encode());
                }
                list.add(new Stage(stage.getString("name"), stage.getString("email"),
                        StageStatus.valueOf(stage.getString("status", "waiting").toUpperCase(java.util.Locale.ROOT))));
            }
            seed = seed.withStages(list);
        }
        if (json.getValue("template_id") != null) {
            seed = seed.withTemplateId(Params.id(json.getValue("template_id"), "template_id"));
        }
        return seed.withCreatedAt(instant(json.getValue("created_at"))).withUpdatedAt(instant(json.getValue("updated_at")));
    }

    /** ISO-8601 with offset or {@code Z}, or epoch seconds. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a time is ISO-8601 with an offset or epoch seconds, not " + value);
        }
    }

    private JsonObject tasksJson(List<Task> tasks) {
        JsonArray array = new JsonArray();
        tasks.forEach(t -> array.add(sim.controlTaskJson(t)));
        return new JsonObject().put("tasks", array);
    }

    private JsonObject deliveriesJson() {
        JsonArray array = new JsonArray();
        for (WebhookDelivery d : sim.webhookDeliveries()) {
            array.add(new JsonObject()
                    .put("task_id", d.taskId())
                    .put("action_name", d.actionName())
                    .put("event_datetime", d.eventDatetime())
                    .put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .put("response_status", d.responseStatus())
                    .put("error", d.error())
                    .put("url", d.url())
                    .put("signature", d.signature())
                    .put("redelivery", d.redelivery())
                    .put("attempted_at", d.attemptedAt().toString())
                    .put("body", d.bodyAsString()));
        }
        return new JsonObject().put("deliveries", array);
    }

    private JsonObject requestsJson(boolean includeControl) {
        JsonArray array = new JsonArray();
        for (RecordedRequest r : sim.requests().all()) {
            if (!includeControl && r.path().startsWith(P)) {
                continue;
            }
            array.add(new JsonObject()
                    .put("received_at", r.receivedAt().toString())
                    .put("method", r.method())
                    .put("path", r.path())
                    .put("query", r.query())
                    .put("status", r.status())
                    .put("headers", new JsonObject(new java.util.LinkedHashMap<>(r.headers())))
                    .put("body", r.bodyAsString()));
        }
        return new JsonObject().put("requests", array);
    }

    private static long taskId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a task id is a number, not " + ctx.pathParam("id"));
        }
    }

    private static Number number(Object value, String field) {
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(field + " must be a number, not " + value);
    }

    private static boolean bool(Object value, String field) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(field + " must be true or false, not " + value);
    }

    private static Handler<RoutingContext> control(Function<RoutingContext, JsonObject> action) {
        return ctx -> {
            int status;
            String message;
            try {
                JsonObject result = action.apply(ctx);
                ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8").end(result.encode());
                return;
            } catch (NoSuchElementException e) {
                status = 404;
                message = e.getMessage();
            } catch (IllegalStateException e) {
                status = 409;
                message = e.getMessage();
            } catch (ApiError | IllegalArgumentException | ClassCastException | java.time.DateTimeException e) {
                status = 400;
                message = e.getMessage();
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("error", message).encode());
        };
    }
}
