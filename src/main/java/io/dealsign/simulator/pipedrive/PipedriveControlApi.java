package io.dealsign.simulator.pipedrive;

import io.dealsign.simulator.RecordedRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The simulator's own HTTP API under {@code /_sim}, for the standalone simulator and the demo: act as
 * the sales rep, inspect state and deliveries, change settings. Mirrors the Java methods of
 * {@link PipedriveSimulator}. Never authenticated, rate-limited or faulted.
 */
final class PipedriveControlApi {

    private final PipedriveSimulator sim;

    PipedriveControlApi(PipedriveSimulator sim) {
        this.sim = sim;
    }

    void addTo(Router router) {
        on(router.get("/_sim/settings"), ctx -> ok(ctx, settings()));
        on(router.patch("/_sim/settings"), this::changeSettings);
        on(router.post("/_sim/budget/reset"), ctx -> {
            sim.resetDailyBudget();
            ok(ctx, settings());
        });
        on(router.post("/_sim/clock/advance"), ctx -> {
            sim.advanceClock(Duration.ofMillis((long) (body(ctx).getDouble("seconds", 0.0) * 1000)));
            ok(ctx, new JsonObject().put("now", sim.now().toString()));
        });
        on(router.patch("/_sim/faults"), this::changeFaults);

        on(router.post("/_sim/persons"), this::createPerson);
        on(router.get("/_sim/persons"), ctx -> ok(ctx, array(sim.persons(), Person::toV2Json)));
        on(router.get("/_sim/persons/:id"), ctx -> ok(ctx, sim.person(id(ctx))
                .orElseThrow(() -> PipedriveApiException.notFound("Person not found")).toV2Json()));

        on(router.post("/_sim/deals/seed"), this::seedDeals);
        on(router.post("/_sim/deals/merge"), ctx -> {
            JsonObject body = body(ctx);
            ok(ctx, sim.mergeDeals(body.getLong("from_deal_id"), body.getLong("to_deal_id")).toV2Json());
        });
        on(router.post("/_sim/deals"), this::createDeal);
        on(router.get("/_sim/deals"), ctx -> ok(ctx, array(sim.deals(), Deal::toV2Json)));
        on(router.get("/_sim/deals/:id"), ctx -> ok(ctx, sim.deal(id(ctx))
                .orElseThrow(() -> PipedriveApiException.notFound("Deal not found")).toV2Json()));
        on(router.patch("/_sim/deals/:id"), ctx -> ok(ctx, sim.changeDeal(id(ctx), new DealChange(body(ctx).getMap())).toV2Json()));
        on(router.delete("/_sim/deals/:id"), ctx -> ok(ctx, sim.deleteDeal(id(ctx)).toV2Json()));

        on(router.get("/_sim/files"), ctx -> {
            String dealId = ctx.request().getParam("deal_id");
            List<StoredFile> files = dealId == null ? sim.files() : sim.filesOfDeal(Long.parseLong(dealId));
            ok(ctx, array(files, f -> f.toV1Json(sim.baseUrl(), null).put("content_type", f.contentType())
                    .put("content_base64", Base64.getEncoder().encodeToString(f.bytes()))));
        });
        on(router.get("/_sim/files/:id/content"), ctx -> {
            StoredFile file = sim.file(id(ctx)).orElseThrow(() -> PipedriveApiException.notFound("File not found"));
            ctx.response().putHeader("Content-Type", file.contentType()).end(Buffer.buffer(file.bytes()));
        });
        on(router.get("/_sim/notes"), ctx -> {
            String dealId = ctx.request().getParam("deal_id");
            List<Note> notes = dealId == null ? sim.notes() : sim.notesOfDeal(Long.parseLong(dealId));
            ok(ctx, array(notes, n -> n.toV1Json(null)));
        });

        on(router.get("/_sim/webhooks"), ctx -> ok(ctx, array(sim.webhooks(), this::webhookJson)));
        on(router.put("/_sim/webhooks/:id/version"), ctx -> {
            sim.forceWebhookVersion(id(ctx), body(ctx).getString("version"));
            ok(ctx, array(sim.webhooks(), this::webhookJson));
        });
        on(router.get("/_sim/events"), ctx -> ok(ctx, array(sim.events(), PipedriveControlApi::eventJson)));
        on(router.post("/_sim/events/:eventId/redeliver"), ctx -> {
            if (!sim.redeliver(ctx.pathParam("eventId"))) {
                throw PipedriveApiException.notFound("Event not found");
            }
            ok(ctx, new JsonObject().put("redelivered", ctx.pathParam("eventId")));
        });
        on(router.get("/_sim/deliveries"), ctx -> {
            String eventId = ctx.request().getParam("event_id");
            ok(ctx, array(eventId == null ? sim.deliveries() : sim.deliveriesOf(eventId), PipedriveControlApi::deliveryJson));
        });
        on(router.get("/_sim/requests"), ctx -> ok(ctx, array(sim.requests().all(), PipedriveControlApi::requestJson)));
        on(router.delete("/_sim/requests"), ctx -> {
            sim.requests().clear();
            ok(ctx, new JsonArray());
        });
        on(router.delete("/_sim/history"), ctx -> {
            sim.clearHistory();
            ok(ctx, new JsonArray());
        });
    }

    private void on(io.vertx.ext.web.Route route, Handler<RoutingContext> handler) {
        route.handler(ctx -> {
            try {
                handler.handle(ctx);
            } catch (PipedriveApiException e) {
                PipedriveRestApi.sendError(ctx, e);
            } catch (RuntimeException e) {
                PipedriveRestApi.sendJson(ctx, 400, PipedriveRestApi.errorBody(String.valueOf(e.getMessage())));
            }
        });
    }

    // ---------------------------------------------------------------- handlers

    private JsonObject settings() {
        JsonObject costs = new JsonObject();
        for (ApiCall call : ApiCall.values()) {
            costs.put(call.name(), sim.tokenCost(call));
        }
        return new JsonObject()
                .put("base_url", sim.baseUrl())
                .put("api_token", sim.apiToken())
                .put("burst_limit", sim.burstLimit())
                .put("burst_window_ms", sim.gate().burstWindow().toMillis())
                .put("daily_budget", sim.dailyBudget())
                .put("daily_budget_remaining", sim.dailyBudgetRemaining())
                .put("token_costs", costs)
                .put("retry_after", sim.retryAfterHeader())
                .put("cloudflare_after_429s", sim.gate().cloudflareAfter429s())
                .put("cloudflare_block_seconds", sim.gate().cloudflareBlock().toSeconds())
                .put("cloudflare_blocking", sim.cloudflareBlocking())
                .put("webhook_time_scale", sim.webhookTimeScale())
                .put("webhook_timeout_ms", sim.webhookTimeout().toMillis())
                .put("webhook_delivery", sim.webhookDelivery())
                .put("deleted_deals_readable", sim.deletedDealsReadable())
                .put("company_id", sim.companyId())
                .put("api_user_id", sim.apiUserId())
                .put("sales_rep_user_id", sim.salesRepUserId())
                .put("now", sim.now().toString());
    }

    private void changeSettings(RoutingContext ctx) {
        JsonObject b = body(ctx);
        if (b.containsKey("api_token")) {
            sim.apiToken(b.getString("api_token"));
        }
        if (b.containsKey("burst_limit") || b.containsKey("burst_window_ms")) {
            sim.burstLimit(b.getInteger("burst_limit", sim.burstLimit()),
                    Duration.ofMillis(b.getLong("burst_window_ms", sim.gate().burstWindow().toMillis())));
        }
        if (b.containsKey("daily_budget")) {
            if (b.getValue("daily_budget") == null) {
                sim.unlimitedDailyBudget();
            } else {
                sim.dailyBudget(b.getLong("daily_budget"));
            }
        }
        if (b.containsKey("daily_budget_remaining")) {
            sim.dailyBudgetRemaining(b.getLong("daily_budget_remaining"));
        }
        JsonObject costs = b.getJsonObject("token_costs", new JsonObject());
        costs.forEach(e -> sim.tokenCost(ApiCall.valueOf(e.getKey()), ((Number) e.getValue()).intValue()));
        if (b.containsKey("retry_after")) {
            sim.retryAfterHeader(b.getBoolean("retry_after"));
        }
        if (b.containsKey("cloudflare_after_429s") || b.containsKey("cloudflare_block_seconds")) {
            sim.cloudflareEscalation(b.getInteger("cloudflare_after_429s", sim.gate().cloudflareAfter429s()),
                    Duration.ofSeconds(b.getLong("cloudflare_block_seconds", sim.gate().cloudflareBlock().toSeconds())));
        }
        if (b.containsKey("webhook_time_scale")) {
            sim.webhookTimeScale(b.getDouble("webhook_time_scale"));
        }
        if (b.containsKey("webhook_timeout_ms")) {
            sim.webhookTimeout(Duration.ofMillis(b.getLong("webhook_timeout_ms")));
        }
        if (b.containsKey("webhook_delivery")) {
            sim.webhookDelivery(b.getBoolean("webhook_delivery"));
        }
        if (b.containsKey("deleted_deals_readable")) {
            sim.deletedDealsReadable(b.getBoolean("deleted_deals_readable"));
        }
        if (b.containsKey("company_id")) {
            sim.companyId(b.getLong("company_id"));
        }
        if (b.containsKey("company_domain")) {
            sim.companyDomain(b.getString("company_domain"));
        }
        if (b.containsKey("api_user_id")) {
            sim.apiUserId(b.getLong("api_user_id"));
        }
        if (b.containsKey("sales_rep_user_id")) {
            sim.salesRepUserId(b.getLong("sales_rep_user_id"));
        }
        ok(ctx, settings());
    }

    private void changeFaults(RoutingContext ctx) {
        JsonObject b = body(ctx);
        if (b.containsKey("error_rate")) {
            sim.faults().errorRate(b.getDouble("error_rate"));
        }
        if (b.containsKey("timeout_rate")) {
            sim.faults().timeoutRate(b.getDouble("timeout_rate"));
        }
        if (b.containsKey("latency_ms")) {
            sim.faults().latency(Duration.ofMillis(b.getLong("latency_ms")));
        }
        ok(ctx, new JsonObject().put("error_rate", sim.faults().errorRate())
                .put("timeout_rate", sim.faults().timeoutRate())
                .put("latency_ms", sim.faults().latency().toMillis()));
    }

    /** {@code {name, emails: ["a@x"] or [{value, primary, label}], phones: [...]}}. */
    private void createPerson(RoutingContext ctx) {
        JsonObject b = body(ctx);
        Person person = sim.createPerson(b.getString("name"), contacts(b.getJsonArray("emails")),
                contacts(b.getJsonArray("phones")));
        ok(ctx, person.toV2Json());
    }

    private void createDeal(RoutingContext ctx) {
        ok(ctx, sim.createDeal(draft(body(ctx), b -> b.getString("title"))).toV2Json());
    }

    private void seedDeals(RoutingContext ctx) {
        JsonObject b = body(ctx);
        String prefix = b.getString("title_prefix", "Seeded deal ");
        List<Deal> deals = sim.seedDeals(b.getInteger("count", 1), i -> draft(b, x -> prefix + i));
        ok(ctx, array(deals, Deal::toV2Json));
    }

    private static DealDraft draft(JsonObject b, java.util.function.Function<JsonObject, String> title) {
        return new DealDraft(title.apply(b), b.getLong("person_id"), b.getLong("org_id"), b.getLong("pipeline_id"),
                b.getLong("stage_id"), b.getDouble("value"), b.getString("currency"), b.getLong("owner_id"));
    }

    private JsonObject webhookJson(Webhook webhook) {
        WebhookDispatcher.Status status = sim.webhookStatus(webhook.id());
        return webhook.toV1Json(status.lastDeliveryTime(), status.lastHttpStatus())
                .put("banned", sim.isBanned(webhook.id()))
                .put("banned_until", status.bannedUntil() == null ? null : status.bannedUntil().toString())
                .put("forced_version", status.forcedVersion());
    }

    private static JsonObject eventJson(DealEvent e) {
        return new JsonObject().put("id", e.id()).put("action", e.v2Action()).put("v1_event", e.v1EventName())
                .put("deal_id", e.dealId()).put("change_source", e.changeSource()).put("user_id", e.userId())
                .put("timestamp", e.timestamp().toString()).put("merged_to_id", e.mergedToId())
                .put("merged_from_id", e.mergedFromId())
                .put("data", e.current() == null ? null : e.current().toV2Json())
                .put("previous", e.previousV2() == null ? null : e.previousV2().copy());
    }

    private static JsonObject deliveryJson(DeliveryAttempt a) {
        return new JsonObject().put("event_id", a.eventId()).put("webhook_id", a.webhookId()).put("attempt", a.attempt())
                .put("version", a.version()).put("event", a.event()).put("deal_id", a.dealId()).put("at", a.at().toString())
                .put("outcome", a.outcome().name()).put("status", a.status()).put("error", a.error())
                .put("body", a.body() == null ? null : new JsonObject(a.body()));
    }

    private static JsonObject requestJson(RecordedRequest r) {
        return new JsonObject().put("received_at", r.receivedAt().toString()).put("method", r.method())
                .put("path", r.path()).put("query", r.query()).put("status", r.status())
                .put("headers", new JsonObject(new java.util.LinkedHashMap<>(r.headers())));
    }

    // ---------------------------------------------------------------- helpers

    private static List<ContactValue> contacts(JsonArray values) {
        List<ContactValue> result = new ArrayList<>();
        if (values == null) {
            return result;
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.getValue(i);
            if (v instanceof JsonObject o) {
                result.add(new ContactValue(o.getString("value"), o.getBoolean("primary", i == 0), o.getString("label", "work")));
            } else {
                result.add(new ContactValue(String.valueOf(v), i == 0, i == 0 ? "work" : "other"));
            }
        }
        return result;
    }

    private static <T> JsonArray array(List<T> items, java.util.function.Function<T, JsonObject> toJson) {
        JsonArray array = new JsonArray();
        items.forEach(i -> array.add(toJson.apply(i)));
        return array;
    }

    private static JsonObject body(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        return body == null ? new JsonObject() : body;
    }

    private static long id(RoutingContext ctx) {
        return Long.parseLong(ctx.pathParam("id"));
    }

    private static void ok(RoutingContext ctx, Object data) {
        PipedriveRestApi.sendJson(ctx, 200, new JsonObject().put("success", true).put("data", data));
    }
}
