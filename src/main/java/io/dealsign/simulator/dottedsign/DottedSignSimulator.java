package io.dealsign.simulator.dottedsign;

import io.dealsign.simulator.SimulatorServer;
import io.dealsign.simulator.WindowRateLimit;
import io.dealsign.simulator.dottedsign.TaskEvent.Actor;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stateful, in-memory DottedSign API on real HTTP, faithful to the DottedSign section of
 * {@code API-CONTRACT.md}: OAuth client-credentials tokens, sign tasks with their status machine,
 * the list/read/void/discard/download-link endpoints, signed webhooks and an optional rate limit.
 *
 * <p>Every setting can be changed before {@link #start(int)} and while running. The control side
 * (acting as a signer, seeding tasks, switching webhooks off, redelivering) is available both as Java
 * methods and as HTTP under {@code /_sim/...} (see {@link ControlApi}). Download links point at
 * {@code /_files/...} on this server: no token, no rate limit, but injected faults apply, as to any
 * other non-control path.
 */
public class DottedSignSimulator extends SimulatorServer {

    private static final Logger LOG = Logger.getLogger(DottedSignSimulator.class.getName());
    private static final Set<String> FILE_TYPES = Set.of("completed", "audit_trail", "original");

    private final Clock clock;
    private final TokenIssuer tokens;
    private final TaskStore store;
    private final WebhookSender webhooks;
    private final DownloadLinks downloadLinks;
    private final WindowRateLimit rateLimit = new WindowRateLimit(0, Duration.ofSeconds(1));

    private volatile String clientId = "dealsign-demo-client";
    private volatile String clientSecret = "dealsign-demo-secret";
    private volatile Duration tokenLifetime = Duration.ofSeconds(7200);
    private volatile Set<Long> acceptedTemplateIds;
    private volatile Integer monthlyTaskQuota;
    private volatile boolean retryAfterHeader = true;
    private volatile boolean webhookIncludesTask = true;
    private volatile ZoneId timeZone = ZoneOffset.UTC;
    private volatile String ownerEmail = "owner@dealsign.example";
    private volatile Duration downloadLinkLifetime = Duration.ofMinutes(10);

    public DottedSignSimulator() {
        this(Clock.systemUTC());
    }

    /** With a clock of the test's choosing (token expiry, timestamps, link expiry). */
    public DottedSignSimulator(Clock clock) {
        this.clock = clock;
        this.tokens = new TokenIssuer(clock);
        this.webhooks = new WebhookSender(() -> clientSecret, clock);
        this.store = new TaskStore(clock, this::publish);
        this.downloadLinks = new DownloadLinks(clock);
    }

    @Override
    public DottedSignSimulator start(int port) {
        super.start(port);
        return this;
    }

    @Override
    public void close() {
        webhooks.close();
        super.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Settings: all usable before start and at run time.

    /** The registered application's credentials; the secret also keys webhook signatures. */
    public DottedSignSimulator clientCredentials(String id, String secret) {
        if (id == null || id.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("client id and client secret must not be empty");
        }
        this.clientId = id;
        this.clientSecret = secret;
        return this;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Lifetime of tokens issued from now on (default 7200 s); tokens already issued keep theirs. */
    public DottedSignSimulator tokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime is positive");
        }
        this.tokenLifetime = lifetime;
        return this;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** Only these template ids can be used; others answer {@code 403044 template_not_accessible}. */
    public DottedSignSimulator acceptedTemplateIds(long... templateIds) {
        this.acceptedTemplateIds = Arrays.stream(templateIds).boxed().collect(java.util.stream.Collectors.toUnmodifiableSet());
        return this;
    }

    /** Every template id is accepted (the default). */
    public DottedSignSimulator acceptAnyTemplate() {
        this.acceptedTemplateIds = null;
        return this;
    }

    /** Empty when every template id is accepted. */
    public Optional<Set<Long>> acceptedTemplateIds() {
        return Optional.ofNullable(acceptedTemplateIds);
    }

    /** At most this many tasks can be created through the API ({@code 403032}); null for no quota. */
    public DottedSignSimulator monthlyTaskQuota(Integer quota) {
        if (quota != null && quota < 0) {
            throw new IllegalArgumentException("a quota is zero or more");
        }
        this.monthlyTaskQuota = quota;
        return this;
    }

    public Optional<Integer> monthlyTaskQuota() {
        return Optional.ofNullable(monthlyTaskQuota);
    }

    /** Tasks created through the API since start or the last {@link #resetMonthlyTaskUsage()} (seeds do not count). */
    public int monthlyTaskUsage() {
        return store.createdThroughApi();
    }

    /** A new month begins. */
    public DottedSignSimulator resetMonthlyTaskUsage() {
        store.resetMonthlyUsage();
        return this;
    }

    /** At most {@code limit} API requests per fixed window, across all tokens; {@code limit <= 0} is unlimited. */
    public DottedSignSimulator rateLimit(int limit, Duration window) {
        rateLimit.configure(limit, window);
        return this;
    }

    public DottedSignSimulator unlimitedRate() {
        return rateLimit(0, Duration.ofSeconds(1));
    }

    public WindowRateLimit rateLimit() {
        return rateLimit;
    }

    /** Whether a 429 carries {@code Retry-After} (on by default; the real API documents no headers). */
    public DottedSignSimulator retryAfterHeader(boolean enabled) {
        this.retryAfterHeader = enabled;
        return this;
    }

    public boolean retryAfterHeader() {
        return retryAfterHeader;
    }

    /** Where webhooks go; null means nowhere (events are then lost). */
    public DottedSignSimulator webhookUrl(String url) {
        webhooks.url(url);
        return this;
    }

    public String webhookUrl() {
        return webhooks.url();
    }

    public DottedSignSimulator signatureMode(SignatureMode mode) {
        webhooks.signatureMode(mode);
        return this;
    }

    public SignatureMode signatureMode() {
        return webhooks.signatureMode();
    }

    /** Whether webhook bodies carry the {@code task} object (default yes; one version of the vendor page omits it). */
    public DottedSignSimulator webhookIncludesTask(boolean include) {
        this.webhookIncludesTask = include;
        return this;
    }

    public boolean webhookIncludesTask() {
        return webhookIncludesTask;
    }

    /** Switches webhook delivery off (events happening meanwhile are lost, not queued) or back on. */
    public DottedSignSimulator webhookDelivery(boolean enabled) {
        webhooks.enabled(enabled);
        return this;
    }

    public boolean webhookDelivery() {
        return webhooks.enabled();
    }

    /** The zone whose offset the API's timestamps carry (default UTC, written {@code +00:00}). */
    public DottedSignSimulator timeZone(ZoneId zone) {
        this.timeZone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    /** The application owner's email: {@code event_email} of events the API caller causes. */
    public DottedSignSimulator ownerEmail(String email) {
        this.ownerEmail = Objects.requireNonNull(email, "email");
        return this;
    }

    public String ownerEmail() {
        return ownerEmail;
    }

    /** How long a download link works after it was handed out (default 10 minutes). */
    public DottedSignSimulator downloadLinkLifetime(Duration lifetime) {
        this.downloadLinkLifetime = Objects.requireNonNull(lifetime, "lifetime");
        return this;
    }

    public Duration downloadLinkLifetime() {
        return downloadLinkLifetime;
    }

    // ---------------------------------------------------------------------------------------------
    // Control: what a test, a demo or a signer does.

    /** Every token issued so far stops working at once ({@code 400002 invalid_token}). */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    /** A valid access token, as if the application had asked {@code /v1/oauth/token}. */
    public String issueToken() {
        return tokens.issue(tokenLifetime, "").accessToken();
    }

    /**
     * The next unsigned signer signs (webhook {@code signed}); after the last one the task is
     * {@code completed} (webhook {@code completed}).
     *
     * @throws NoSuchElementException for an unknown or discarded task
     * @throws IllegalStateException  when the task is not waiting
     */
    public Task sign(long taskId) {
        return store.sign(taskId);
    }

    /** The next unsigned signer declines: the task is {@code declined} (webhook {@code declined}). */
    public Task decline(long taskId) {
        return store.decline(taskId);
    }

    /** The task passes its deadline: {@code expired} (webhook {@code expired}). */
    public Task expire(long taskId) {
        return store.expire(taskId, new Actor(ownerEmail, "127.0.0.1", "DottedSign-Scheduler"));
    }

    /** Puts a task straight into the store, without webhooks or quota; answers its id. */
    public long seed(SeedTask task) {
        return store.seed(List.of(task)).get(0);
    }

    public List<Long> seed(List<SeedTask> tasks) {
        return store.seed(tasks);
    }

    /** The task as the simulator holds it, discarded or not. */
    public Optional<Task> task(long taskId) {
        return store.find(taskId);
    }

    /** Every task, discarded ones included, by id. */
    public List<Task> tasks() {
        return store.all();
    }

    /**
     * Sends the task's last webhook again, byte for byte (a duplicate delivery, as a receiver has to
     * expect from any webhook sender).
     *
     * @throws NoSuchElementException when the task never had an event
     */
    public void redeliverLastWebhook(long taskId) {
        if (!webhooks.redeliverLast(taskId)) {
            throw new NoSuchElementException("task " + taskId + " has had no webhook event");
        }
    }

    /** Every webhook event so far and what became of it, in the order attempts finished. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Back to an empty service: no tasks, tokens, links, deliveries, requests or faults. Settings stay. */
    public void reset() {
        store.clear();
        tokens.expireAll();
        webhooks.clear();
        downloadLinks.clear();
        requests().clear();
        faults().none();
    }

    // ---------------------------------------------------------------------------------------------
    // HTTP

    @Override
    protected JsonObject injectedErrorBody() {
        return ApiError.internal("injected fault: internal server error").toJson();
    }

    @Override
    protected void addRoutes(Router router) {
        router.route("/v1/*").handler(this::applyRateLimit);
        router.post("/v1/oauth/token").handler(api(this::issueTokenFor));
        router.route("/v1/*").handler(this::requireToken);
        router.post("/v1/sign_tasks").handler(api(this::createTask));
        router.get("/v1/sign_tasks/list").handler(api(this::listTasks));
        router.get("/v1/sign_tasks/read").handler(api(this::readTask));
        router.post("/v1/sign_tasks/void").handler(api(this::voidTask));
        router.post("/v1/sign_tasks/discard").handler(api(this::discardTask));
        router.get("/v1/sign_tasks/download_link").handler(api(this::downloadLink));
        router.route("/v1/*").handler(api(ctx -> {
            throw ApiError.routeNotFound(ctx.request().method().name(), ctx.request().path());
        }));
        router.get("/_files/:file").handler(this::serveFile);
        new ControlApi(this).addRoutes(router);
    }

    private void applyRateLimit(RoutingContext ctx) {
        WindowRateLimit.Verdict verdict = rateLimit.acquire();
        if (verdict.allowed()) {
            ctx.next();
            return;
        }
        if (retryAfterHeader) {
            ctx.response().putHeader("Retry-After", String.valueOf(verdict.resetSeconds()));
        }
        ApiError error = ApiError.tooManyRequests();
        sendJson(ctx, error.httpStatus(), error.toJson());
    }

    private void requireToken(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        ApiError error = null;
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            error = ApiError.unauthorized("an Authorization: Bearer <access token> header is required");
        } else if (!tokens.isValid(authorization.substring(7).trim())) {
            error = ApiError.invalidToken();
        }
        if (error != null) {
            sendJson(ctx, error.httpStatus(), error.toJson());
            return;
        }
        ctx.next();
    }

    /** Accepts the OAuth parameters as JSON (as DottedSign's examples send them) or as a form. */
    private JsonObject issueTokenFor(RoutingContext ctx) {
        String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
        JsonObject body = contentType.startsWith("application/x-www-form-urlencoded") ? new JsonObject() : jsonBody(ctx);
        ctx.request().formAttributes().forEach(e -> body.put(e.getKey(), e.getValue()));
        if (!"client_credentials".equals(body.getValue("grant_type"))) {
            throw ApiError.invalidParams("grant_type must be client_credentials, got " + body.getValue("grant_type"));
        }
        if (!clientId.equals(body.getValue("client_id")) || !clientSecret.equals(body.getValue("client_secret"))) {
            throw ApiError.invalidClient();
        }
        String scope = body.getValue("scope") instanceof String s ? s : "";
        TokenIssuer.IssuedToken token = tokens.issue(tokenLifetime, scope);
        // Not wrapped in data: the token endpoint answers in the OAuth shape (ASSUMED, as Doorkeeper does).
        return new JsonObject()
                .put("access_token", token.accessToken())
                .put("token_type", "Bearer")
                .put("expires_in", token.lifetime().toSeconds())
                .put("scope", token.scope())
                .put("created_at", token.createdAt().getEpochSecond());
    }

    private JsonObject createTask(RoutingContext ctx) {
        CreateTaskRequest request = CreateTaskRequest.parse(jsonBody(ctx));
        Set<Long> accepted = acceptedTemplateIds;
        if (request.templateId() != null && accepted != null && !accepted.contains(request.templateId())) {
            throw ApiError.templateNotAccessible(request.templateId());
        }
        Task task = store.create(request, caller(ctx), monthlyTaskQuota);
        return data(new JsonObject().put("task_id", task.taskId()));
    }

    private JsonObject listTasks(RoutingContext ctx) {
        TaskPage page = store.list(ListQuery.parse(ctx.queryParams()));
        JsonArray tasks = new JsonArray();
        page.tasks().forEach(t -> tasks.add(t.toApiJson(timeZone)));
        return data(new JsonObject()
                .put("tasks", tasks)
                .put("current_page", page.currentPage())
                .put("total_pages", page.totalPages())
                .put("total_count", page.totalCount()));
    }

    private JsonObject readTask(RoutingContext ctx) {
        long taskId = Params.requiredId(ctx.queryParams().get("task_id"), "task_id");
        return data(store.read(taskId).toApiJson(timeZone));
    }

    private JsonObject voidTask(RoutingContext ctx) {
        long taskId = Params.requiredId(jsonBody(ctx).getValue("task_id"), "task_id");
        Task task = store.voidTask(taskId, caller(ctx));
        return data(new JsonObject().put("task_id", task.taskId()).put("status", task.status().wireName()));
    }

    private JsonObject discardTask(RoutingContext ctx) {
        long taskId = Params.requiredId(jsonBody(ctx).getValue("task_id"), "task_id");
        return data(new JsonObject().put("task_id", store.discard(taskId).taskId()));
    }

    /**
     * {@code file_types} may name one type or several, comma-separated (the parameter name is plural;
     * ASSUMED). A type the task does not have yet is {@code 400417 invalid_params} (ASSUMED code).
     */
    private JsonObject downloadLink(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        long taskId = Params.requiredId(query.get("task_id"), "task_id");
        String fileTypes = query.get("file_types");
        if (fileTypes == null || fileTypes.isBlank()) {
            throw ApiError.invalidParams("file_types is required: completed, audit_trail or original");
        }
        Task task = store.read(taskId);
        JsonObject links = new JsonObject();
        for (String raw : fileTypes.split(",")) {
            String fileType = raw.trim();
            if (!FILE_TYPES.contains(fileType)) {
                throw ApiError.invalidParams("file_types: " + fileType + " is not one of completed, audit_trail, original");
            }
            if (!fileAvailable(task.status(), fileType)) {
                throw ApiError.invalidParams("file_types: no " + fileType + " file for task " + taskId
                        + " while it is " + task.status().wireName());
            }
            byte[] pdf = PdfDocument.withLines(pdfLines(task, fileType));
            links.put(fileType, new JsonObject().put("url", baseUrl() + downloadLinks.publish(pdf, downloadLinkLifetime)));
        }
        return data(links);
    }

    private static boolean fileAvailable(TaskStatus status, String fileType) {
        return switch (fileType) {
            case "completed" -> status == TaskStatus.COMPLETED;
            case "audit_trail" -> status == TaskStatus.COMPLETED || status == TaskStatus.DECLINED || status == TaskStatus.VOIDED;
            default -> true;
        };
    }

    private List<String> pdfLines(Task task, String fileType) {
        List<String> lines = new ArrayList<>(List.of(
                "DottedSign simulator",
                "Task " + task.taskId() + " - file type " + fileType,
                "File name: " + task.fileName(),
                "Status: " + task.status().wireName()));
        for (int i = 0; i < task.stages().size(); i++) {
            Stage stage = task.stages().get(i);
            lines.add("Stage " + (i + 1) + ": " + stage.name() + " <" + stage.email() + "> " + stage.status().wireName());
        }
        lines.add("Generated " + Task.apiTime(clock.instant(), timeZone));
        return lines;
    }

    /** Answers like S3 does: the bytes, or a small XML error. */
    private void serveFile(RoutingContext ctx) {
        DownloadLinks.Result result = downloadLinks.open(ctx.pathParam("file"), ctx.queryParams().get("X-Amz-Signature"));
        if (result.bytes().isPresent()) {
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/pdf")
                    .end(io.vertx.core.buffer.Buffer.buffer(result.bytes().get()));
            return;
        }
        int status = result.refusal() == DownloadLinks.Refusal.NO_SUCH_KEY ? 404 : 403;
        String code = result.refusal() == DownloadLinks.Refusal.NO_SUCH_KEY ? "NoSuchKey" : "AccessDenied";
        String message = switch (result.refusal()) {
            case NO_SUCH_KEY -> "The specified key does not exist.";
            case BAD_SIGNATURE -> "The request signature we calculated does not match the signature you provided.";
            case EXPIRED -> "Request has expired";
        };
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error>");
    }

    // ---------------------------------------------------------------------------------------------
    // Webhook events, called by the store under its lock, in event order.

    private void publish(TaskEvent event) {
        JsonObject payload = new JsonObject()
                .put("resource_id", event.task().taskId())
                .put("resource_type", "task")
                .put("action_name", event.actionName())
                .put("event_datetime", event.at().getEpochSecond())
                .put("event_email", event.actor().email())
                .put("ip_address", event.actor().ipAddress())
                .put("user_agent", event.actor().userAgent());
        if (webhookIncludesTask) {
            payload.put("task", event.task().toApiJson(timeZone));
        }
        webhooks.send(new WebhookEvent(event.task().taskId(), event.actionName(), event.at().getEpochSecond(),
                payload.encode().getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------------------------------------

    /** The API caller acts as the application's owner, from its own address and user agent. */
    private Actor caller(RoutingContext ctx) {
        String userAgent = Optional.ofNullable(ctx.request().getHeader("User-Agent")).orElse("");
        return new Actor(ownerEmail, ctx.request().remoteAddress().host(), userAgent);
    }

    private static JsonObject data(Object value) {
        return new JsonObject().put("data", value);
    }

    static JsonObject jsonBody(RoutingContext ctx) {
        if (ctx.body().buffer() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        try {
            Object parsed = ctx.body().buffer().toJsonValue();
            if (parsed instanceof JsonObject object) {
                return object;
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw ApiError.invalidParams("the request body must be a JSON object");
    }

    private static Handler<RoutingContext> api(Function<RoutingContext, JsonObject> action) {
        return ctx -> {
            try {
                sendJson(ctx, 200, action.apply(ctx));
            } catch (ApiError e) {
                sendJson(ctx, e.httpStatus(), e.toJson());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "DottedSign simulator failed on " + ctx.request().method() + " " + ctx.request().path(), e);
                sendJson(ctx, 500, ApiError.internal("simulator error: " + e).toJson());
            }
        };
    }

    /** The settings as the control API shows them. */
    JsonObject settingsJson() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("client_id", clientId);
        settings.put("client_secret", clientSecret);
        settings.put("token_lifetime_seconds", tokenLifetime.toSeconds());
        settings.put("accepted_template_ids", acceptedTemplateIds == null ? null
                : new JsonArray(acceptedTemplateIds.stream().sorted().map(Object.class::cast).toList()));
        settings.put("monthly_task_quota", monthlyTaskQuota);
        settings.put("monthly_task_usage", monthlyTaskUsage());
        settings.put("rate_limit", new JsonObject().put("limit", rateLimit.limit()).put("window_ms", rateLimit.window().toMillis()));
        settings.put("retry_after", retryAfterHeader);
        settings.put("webhook_url", webhookUrl());
        settings.put("signature_mode", signatureMode().wireName());
        settings.put("webhook_includes_task", webhookIncludesTask);
        settings.put("webhook_delivery", webhookDelivery());
        settings.put("time_zone", timeZone.getId());
        settings.put("owner_email", ownerEmail);
        settings.put("download_link_lifetime_seconds", downloadLinkLifetime.toSeconds());
        return new JsonObject(settings);
    }

    /** Task JSON for the control API: the API shape plus whether it was discarded. */
    JsonObject controlTaskJson(Task task) {
        return task.toApiJson(timeZone).put("discarded", task.discarded());
    }
}
