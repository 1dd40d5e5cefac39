package io.dealsign.simulator.pipedrive;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The REST API the product calls: {@code /api/v2/deals}, {@code /api/v2/persons}, {@code /api/v1/files},
 * {@code /api/v1/notes}, {@code /api/v1/webhooks}. Each route first passes the {@link ApiGate}
 * (Cloudflare block, token, burst window, daily budget) with its {@link ApiCall} cost, then answers in
 * Pipedrive's shapes: every body has {@code success}; errors are {@code {success:false, error, error_info}}.
 */
final class PipedriveRestApi {

    static final String ERROR_INFO = "Please check developers.pipedrive.com";
    private static final String TOKEN_HEADER = "x-api-token";
    private static final String TOKEN_QUERY_PARAM = "api_token";
    private static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;
    private static final int V1_DEFAULT_LIMIT = 100;
    private static final Set<String> LIST_STATUSES = Set.of("open", "won", "lost", "deleted");

    private final PipedriveSimulator sim;
    private final PipedriveStore store;
    private final Vertx vertx;
    private final Path uploadsDirectory;

    PipedriveRestApi(PipedriveSimulator sim, Vertx vertx, Path uploadsDirectory) {
        this.sim = sim;
        this.store = sim.store();
        this.vertx = vertx;
        this.uploadsDirectory = uploadsDirectory;
    }

    void addTo(Router router) {
        // The shared BodyHandler is created with uploads off, and then Vert.x drops multipart file parts
        // (only form attributes survive). This route runs before it (order -1) and keeps the parts in a
        // temporary directory, deleted when the response ends; the shared handler then sees the body as
        // already handled and only merges the form attributes.
        router.post("/api/v1/files").order(-1).handler(BodyHandler.create(uploadsDirectory.toString())
                .setBodyLimit(MAX_UPLOAD_BYTES).setDeleteUploadedFilesOnEnd(true));

        route(router.get("/api/v2/deals/:id"), ApiCall.GET_DEAL, this::getDeal);
        route(router.patch("/api/v2/deals/:id"), ApiCall.UPDATE_DEAL, this::patchDeal);
        route(router.delete("/api/v2/deals/:id"), ApiCall.DELETE_DEAL, this::deleteDeal);
        route(router.get("/api/v2/deals"), ApiCall.LIST_DEALS, this::listDeals);
        route(router.get("/api/v2/persons/:id"), ApiCall.GET_PERSON, this::getPerson);
        route(router.post("/api/v1/files"), ApiCall.ADD_FILE, this::addFile);
        route(router.get("/api/v1/files"), ApiCall.LIST_FILES, this::listFiles);
        route(router.get("/api/v1/files/:id"), ApiCall.GET_FILE, this::getFile);
        route(router.get("/api/v1/files/:id/download"), ApiCall.DOWNLOAD_FILE, this::downloadFile);
        route(router.get("/api/v1/deals/:id/files"), ApiCall.LIST_FILES, this::listFilesOfDeal);
        route(router.post("/api/v1/notes"), ApiCall.ADD_NOTE, this::addNote);
        route(router.get("/api/v1/notes"), ApiCall.LIST_NOTES, this::listNotes);
        route(router.get("/api/v1/webhooks"), ApiCall.LIST_WEBHOOKS, this::listWebhooks);
        route(router.post("/api/v1/webhooks"), ApiCall.ADD_WEBHOOK, this::addWebhook);
        route(router.delete("/api/v1/webhooks/:id"), ApiCall.DELETE_WEBHOOK, this::deleteWebhook);
        route(router.route("/api/*"), ApiCall.UNKNOWN,
                ctx -> { throw PipedriveApiException.notFound("Unknown method ."); });
    }

    /** Gate first, then the handler; a {@link PipedriveApiException} becomes Pipedrive's error body. */
    private void route(io.vertx.ext.web.Route route, ApiCall call, Handler<RoutingContext> handler) {
        route.handler(ctx -> {
            if (!admitted(ctx, call)) {
                return;
            }
            try {
                handler.handle(ctx);
            } catch (PipedriveApiException e) {
                sendError(ctx, e);
            } catch (RuntimeException e) {
                sendJson(ctx, 500, errorBody("Internal server error: " + e));
            }
        });
    }

    private boolean admitted(RoutingContext ctx, ApiCall call) {
        String token = ctx.request().getHeader(TOKEN_HEADER);
        if (token == null) {
            token = ctx.request().getParam(TOKEN_QUERY_PARAM);
        }
        ApiGate.Decision decision = sim.gate().admit(token, call);
        switch (decision.verdict()) {
            case CLOUDFLARE_BLOCKED -> {
                ctx.response().setStatusCode(403)
                        .putHeader("Content-Type", "text/html; charset=UTF-8")
                        .putHeader("Server", "cloudflare")
                        .putHeader("cf-ray", Long.toHexString(System.nanoTime()) + "-AMS")
                        .end(CloudflarePage.HTML);
                return false;
            }
            case UNAUTHORIZED -> {
                sendJson(ctx, 401, new JsonObject().put("success", false).put("error", "unauthorized access")
                        .put("errorCode", 401).put("error_info", ERROR_INFO));
                return false;
            }
            default -> decision.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
        }
        if (decision.verdict() != ApiGate.Verdict.ALLOWED) {
            sendJson(ctx, 429, new JsonObject().put("success", false).put("error", "Rate limit exceeded")
                    .put("errorCode", 429).put("error_info", ERROR_INFO));
            return false;
        }
        return true;
    }

    // ================================================================= deals and persons (v2)

    private void getDeal(RoutingContext ctx) {
        long id = pathId(ctx);
        Deal deal = store.deal(id)
                .filter(d -> !d.isDeleted() || sim.deletedDealsReadable())
                .orElseThrow(() -> PipedriveApiException.notFound("Deal not found"));
        sendData(ctx, 200, deal.toV2Json());
    }

    private void patchDeal(RoutingContext ctx) {
        long id = pathId(ctx);
        JsonObject body = jsonBody(ctx);
        Deal updated = store.updateDeal(id, new DealChange(body.getMap()), sim.apiUser());
        sendData(ctx, 200, updated.toV2Json());
    }

    private void deleteDeal(RoutingContext ctx) {
        long id = pathId(ctx);
        store.deleteDeal(id, sim.apiUser());
        sendData(ctx, 200, new JsonObject().put("id", id));
    }

    private void listDeals(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        Set<String> statuses = new LinkedHashSet<>();
        if (q.get("status") != null && !q.get("status").isBlank()) {
            for (String status : q.get("status").split(",")) {
                if (!LIST_STATUSES.contains(status.trim())) {
                    throw PipedriveApiException.badRequest("status must be one of open, won, lost, deleted");
                }
                statuses.add(status.trim());
            }
        }
        String sortBy = q.get("sort_by") == null ? "id" : q.get("sort_by");
        if (!Set.of("id", "update_time", "add_time").contains(sortBy)) {
            throw PipedriveApiException.badRequest("sort_by must be one of id, update_time, add_time");
        }
        String direction = q.get("sort_direction") == null ? "asc" : q.get("sort_direction");
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw PipedriveApiException.badRequest("sort_direction must be asc or desc");
        }
        int limit = q.get("limit") == null ? DealQuery.DEFAULT_LIMIT : intParam(q, "limit");
        if (limit < 1 || limit > DealQuery.MAX_LIMIT) {
            throw PipedriveApiException.badRequest("limit must be between 1 and " + DealQuery.MAX_LIMIT);
        }
        DealQuery query = new DealQuery(statuses, timeParam(q, "updated_since"), timeParam(q, "updated_until"),
                sortBy, direction.equals("asc"), limit, q.get("cursor"), longParam(q, "owner_id"),
                longParam(q, "person_id"), longParam(q, "pipeline_id"), longParam(q, "stage_id"));
        DealPage page = store.listDeals(query);
        JsonArray data = new JsonArray();
        page.deals().forEach(d -> data.add(d.toV2Json()));
        sendJson(ctx, 200, new JsonObject().put("success", true).put("data", data)
                .put("additional_data", new JsonObject().put("next_cursor", page.nextCursor())));
    }

    private void getPerson(RoutingContext ctx) {
        Person person = store.person(pathId(ctx)).orElseThrow(() -> PipedriveApiException.notFound("Person not found"));
        sendData(ctx, 200, person.toV2Json());
    }

    // ================================================================= files (v1)

    private void addFile(RoutingContext ctx) {
        FileUpload upload = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst()
                .orElseThrow(() -> PipedriveApiException.badRequest("No file provided: send a multipart part named 'file'"));
        String dealIdText = ctx.request().getFormAttribute("deal_id");
        if (dealIdText == null || dealIdText.isBlank()) {
            throw PipedriveApiException.badRequest("deal_id is required to attach the file to a deal");
        }
        long dealId = parseId(dealIdText.trim(), "deal_id");
        vertx.fileSystem().readFile(upload.uploadedFileName()).onComplete(read -> {
            if (read.failed()) {
                sendJson(ctx, 500, errorBody("Could not read the upload: " + read.cause()));
                return;
            }
            try {
                StoredFile file = store.addFile(dealId, upload.fileName(), upload.contentType(), read.result().getBytes(),
                        sim.apiUserId());
                sendData(ctx, 201, file.toV1Json(sim.baseUrl(), store.dealTitle(dealId)));
            } catch (PipedriveApiException e) {
                sendError(ctx, e);
            }
        });
    }

    private void listFiles(RoutingContext ctx) {
        sendV1Page(ctx, store.files(), f -> f.toV1Json(sim.baseUrl(), store.dealTitle(f.dealId())));
    }

    private void listFilesOfDeal(RoutingContext ctx) {
        long dealId = pathId(ctx);
        store.deal(dealId).orElseThrow(() -> PipedriveApiException.notFound("Deal not found"));
        sendV1Page(ctx, store.filesOfDeal(dealId), f -> f.toV1Json(sim.baseUrl(), store.dealTitle(dealId)));
    }

    private void getFile(RoutingContext ctx) {
        StoredFile file = store.file(pathId(ctx)).orElseThrow(() -> PipedriveApiException.notFound("File not found"));
        sendData(ctx, 200, file.toV1Json(sim.baseUrl(), store.dealTitle(file.dealId())));
    }

    private void downloadFile(RoutingContext ctx) {
        StoredFile file = store.file(pathId(ctx)).orElseThrow(() -> PipedriveApiException.notFound("File not found"));
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", file.contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + file.name().replace("\"", "") + "\"")
                .end(Buffer.buffer(file.bytes()));
    }

    // ================================================================= notes (v1)

    private void addNote(RoutingContext ctx) {
        Map<String, Object> fields = formOrJson(ctx);
        Object content = fields.get("content");
        if (!(content instanceof String text) || text.isBlank()) {
            throw PipedriveApiException.badRequest("content is required");
        }
        Object dealId = fields.get("deal_id");
        if (dealId == null) {
            throw PipedriveApiException.badRequest("deal_id is required (the simulator attaches notes to deals only)");
        }
        long id = dealId instanceof Number n ? n.longValue() : parseId(dealId.toString(), "deal_id");
        Object pinned = fields.get("pinned_to_deal_flag");
        boolean pin = pinned != null && (Boolean.TRUE.equals(pinned) || "1".equals(pinned.toString()));
        Note note = store.addNote(id, text, pin, sim.apiUserId());
        sendData(ctx, 201, note.toV1Json(store.dealTitle(id)));
    }

    private void listNotes(RoutingContext ctx) {
        Long dealId = longParam(ctx.queryParams(), "deal_id");
        List<Note> notes = dealId == null ? store.notes() : store.notesOfDeal(dealId);
        sendV1Page(ctx, notes, n -> n.toV1Json(store.dealTitle(n.dealId())));
    }

    // ================================================================= webhooks (v1)

    private void listWebhooks(RoutingContext ctx) {
        JsonArray data = new JsonArray();
        store.webhooks().forEach(w -> data.add(webhookJson(w)));
        sendJson(ctx, 200, new JsonObject().put("success", true).put("status", "ok").put("data", data));
    }

    private void addWebhook(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        Webhook webhook = sim.addWebhook(stringField(body, "subscription_url"), stringField(body, "event_action"),
                stringField(body, "event_object"), stringField(body, "version"), stringField(body, "http_auth_user"),
                stringField(body, "http_auth_password"), stringField(body, "name"));
        sendJson(ctx, 201, new JsonObject().put("success", true).put("status", "ok").put("data", webhookJson(webhook)));
    }

    private void deleteWebhook(RoutingContext ctx) {
        long id = pathId(ctx);
        if (!sim.unsubscribe(id)) {
            throw PipedriveApiException.notFound("Webhook not found");
        }
        sendJson(ctx, 200, new JsonObject().put("success", true).put("status", "ok"));
    }

    JsonObject webhookJson(Webhook webhook) {
        WebhookDispatcher.Status status = sim.webhookStatus(webhook.id());
        return webhook.toV1Json(status.lastDeliveryTime(), status.lastHttpStatus());
    }

    // ================================================================= helpers

    static JsonObject errorBody(String error) {
        return new JsonObject().put("success", false).put("error", error).put("error_info", ERROR_INFO)
                .put("data", null).put("additional_data", null);
    }

    static void sendError(RoutingContext ctx, PipedriveApiException e) {
        sendJson(ctx, e.status(), errorBody(e.getMessage()));
    }

    static void sendJson(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    private static void sendData(RoutingContext ctx, int status, JsonObject data) {
        sendJson(ctx, status, new JsonObject().put("success", true).put("data", data));
    }

    /** v1 offset paging: {@code start}, {@code limit} (max 100 as for files since 2025), {@code more_items_in_collection}. */
    private static <T> void sendV1Page(RoutingContext ctx, List<T> items, Function<T, JsonObject> toJson) {
        MultiMap q = ctx.queryParams();
        int start = q.get("start") == null ? 0 : intParam(q, "start");
        int limit = q.get("limit") == null ? V1_DEFAULT_LIMIT : intParam(q, "limit");
        if (start < 0 || limit < 1 || limit > V1_DEFAULT_LIMIT) {
            throw PipedriveApiException.badRequest("start must be 0 or more and limit between 1 and " + V1_DEFAULT_LIMIT);
        }
        JsonArray data = new JsonArray();
        items.stream().skip(start).limit(limit).forEach(item -> data.add(toJson.apply(item)));
        boolean more = start + limit < items.size();
        JsonObject pagination = new JsonObject().put("start", start).put("limit", limit)
                .put("more_items_in_collection", more);
        if (more) {
            pagination.put("next_start", start + limit);
        }
        sendJson(ctx, 200, new JsonObject().put("success", true).put("data", data)
                .put("additional_data", new JsonObject().put("pagination", pagination)));
    }

    private static JsonObject jsonBody(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw PipedriveApiException.badRequest("A JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw PipedriveApiException.badRequest("The body is not a JSON object");
        }
    }

    /** v1 endpoints take JSON or form fields. */
    private static Map<String, Object> formOrJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            ctx.request().formAttributes().forEach(e -> fields.put(e.getKey(), e.getValue()));
            return fields;
        }
        return jsonBody(ctx).getMap();
    }

    private static String stringField(JsonObject body, String field) {
        Object value = body.getValue(field);
        return value == null ? null : value.toString();
    }

    private static long pathId(RoutingContext ctx) {
        return parseId(ctx.pathParam("id"), "id");
    }

    private static long parseId(String text, String field) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PipedriveApiException.badRequest(field + " must be a positive integer");
    }

    private static int intParam(MultiMap q, String name) {
        try {
            return Integer.parseInt(q.get(name));
        } catch (NumberFormatException e) {
            throw PipedriveApiException.badRequest(name + " must be an integer");
        }
    }

    private static Long longParam(MultiMap q, String name) {
        return q.get(name) == null ? null : parseId(q.get(name), name);
    }

    private static Instant timeParam(MultiMap q, String name) {
        if (q.get(name) == null) {
            return null;
        }
        try {
            return PipedriveTimes.parseRfc3339(q.get(name));
        } catch (IllegalArgumentException e) {
            throw PipedriveApiException.badRequest(name + " must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z");
        }
    }
}
