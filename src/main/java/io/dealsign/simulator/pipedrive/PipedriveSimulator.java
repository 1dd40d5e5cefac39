package io.dealsign.simulator.pipedrive;

import io.dealsign.simulator.SimulatorServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A stateful, in-memory Pipedrive over real HTTP, faithful to {@code shared/API-CONTRACT.md}: v2 deals
 * and persons, v1 files, notes and webhooks, token auth, burst and daily-budget rate limits with their
 * headers, Cloudflare's HTML 403 for clients that ignore 429s, and webhook delivery with Pipedrive's
 * retry and ban rules. A test (or the demo) acts as the sales rep through the Java methods below or the
 * {@code /_sim} HTTP endpoints; the product under test talks to {@code /api/...} as it would to Pipedrive.
 *
 * <p>Every setting can be changed before {@link #start(int)} and while running.
 */
public final class PipedriveSimulator extends SimulatorServer {

    public static final String DEFAULT_API_TOKEN = "pipedrive-sim-token";
    /** Example ids from Pipedrive's docs, so payloads look like the real thing. */
    public static final long DEFAULT_COMPANY_ID = 8087566;
    public static final long DEFAULT_SALES_REP_USER_ID = 12415231;
    public static final long DEFAULT_API_USER_ID = 12094821;

    private final SimClock clock = new SimClock();
    private final ApiGate gate;
    private final WebhookDispatcher dispatcher;
    private final PipedriveStore store;
    private final Path uploadsDirectory;
    private volatile long companyId = DEFAULT_COMPANY_ID;
    private volatile String companyDomain = "simulated";
    private volatile long apiUserId = DEFAULT_API_USER_ID;
    private volatile long salesRepUserId = DEFAULT_SALES_REP_USER_ID;
    private volatile boolean deletedDealsReadable = true;

    public PipedriveSimulator() {
        this(DEFAULT_API_TOKEN);
    }

    public PipedriveSimulator(String apiToken) {
        this.gate = new ApiGate(clock, apiToken);
        PipedriveStore[] storeRef = new PipedriveStore[1];
        this.dispatcher = new WebhookDispatcher(clock, id -> storeRef[0].webhook(id), () -> storeRef[0].webhooks(),
                () -> companyId, () -> companyDomain + ".pipedrive.com");
        this.store = new PipedriveStore(clock, dispatcher::publish);
        storeRef[0] = store;
        try {
            this.uploadsDirectory = Files.createTempDirectory("pipedrive-sim-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for multipart uploads", e);
        }
    }

    @Override
    public PipedriveSimulator start(int port) {
        super.start(port);
        return this;
    }

    /** Starts on a free port. */
    public PipedriveSimulator start() {
        return start(0);
    }

    @Override
    protected void addRoutes(Router router) {
        new PipedriveRestApi(this, vertx, uploadsDirectory).addTo(router);
        new PipedriveControlApi(this).addTo(router);
    }

    @Override
    protected JsonObject injectedErrorBody() {
        return PipedriveRestApi.errorBody("Internal server error");
    }

    @Override
    public void close() {
        dispatcher.close();
        super.close();
        try (Stream<Path> paths = Files.walk(uploadsDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover empty temp directory is harmless
        }
    }

    // ================================================================= settings

    public PipedriveSimulator apiToken(String token) {
        gate.apiToken(token);
        return this;
    }

    public String apiToken() {
        return gate.apiToken();
    }

    /** Requests per 2-second window per token; 0 or less means unlimited (the default). */
    public PipedriveSimulator burstLimit(int requestsPerWindow) {
        return burstLimit(requestsPerWindow, gate.burstWindow());
    }

    public PipedriveSimulator burstLimit(int requestsPerWindow, Duration window) {
        gate.burst(requestsPerWindow, window);
        return this;
    }

    public int burstLimit() {
        return gate.burstLimit();
    }

    /** The company's daily token budget, filled now; requests that cost more than what remains get 429. */
    public PipedriveSimulator dailyBudget(long tokens) {
        gate.dailyBudget(tokens);
        return this;
    }

    public PipedriveSimulator unlimitedDailyBudget() {
        gate.dailyBudget(null);
        return this;
    }

    public PipedriveSimulator dailyBudgetRemaining(long tokens) {
        gate.dailyRemaining(tokens);
        return this;
    }

    /** Refills the budget, as Pipedrive's midnight reset does. */
    public PipedriveSimulator resetDailyBudget() {
        gate.dailyBudget(gate.dailyBudget());
        return this;
    }

    /** Tokens left today, or null when the budget is unlimited. */
    public Long dailyBudgetRemaining() {
        return gate.dailyRemaining();
    }

    public Long dailyBudget() {
        return gate.dailyBudget();
    }

    public PipedriveSimulator tokenCost(ApiCall call, int tokens) {
        gate.cost(call, tokens);
        return this;
    }

    public int tokenCost(ApiCall call) {
        return gate.cost(call);
    }

    /** Whether 429s carry {@code Retry-After} (off by default: Pipedrive's current docs do not promise it). */
    public PipedriveSimulator retryAfterHeader(boolean on) {
        gate.retryAfterHeader(on);
        return this;
    }

    public boolean retryAfterHeader() {
        return gate.retryAfterHeader();
    }

    /**
     * After {@code after429s} 429s in a row, the token's next request and every one for {@code block}
     * afterwards get Cloudflare's HTML 403. {@code after429s <= 0} switches escalation off (the default).
     */
    public PipedriveSimulator cloudflareEscalation(int after429s, Duration block) {
        gate.cloudflare(after429s, block);
        return this;
    }

    public boolean cloudflareBlocking() {
        return gate.cloudflareBlocking();
    }

    /** Multiplies webhook retry delays (3 s, 30 s, 150 s) and the 30-minute ban; 0.01 turns minutes into seconds. */
    public PipedriveSimulator webhookTimeScale(double scale) {
        dispatcher.timeScale(scale);
        return this;
    }

    public double webhookTimeScale() {
        return dispatcher.timeScale();
    }

    /** How long a receiver has to answer 2xx (Pipedrive: 10 s). Not scaled. */
    public PipedriveSimulator webhookTimeout(Duration timeout) {
        dispatcher.timeout(timeout);
        return this;
    }

    public Duration webhookTimeout() {
        return dispatcher.timeout();
    }

    /** Off simulates a Pipedrive-side outage: events (and pending retries) are dropped, not queued. */
    public PipedriveSimulator webhookDelivery(boolean on) {
        dispatcher.deliveryOn(on);
        return this;
    }

    public boolean webhookDelivery() {
        return dispatcher.deliveryOn();
    }

    /**
     * Whether {@code GET /api/v2/deals/{id}} answers a deleted deal (kept 30 days) with {@code is_deleted:true}
     * (the default) or with 404, so the product can be tested against both readings of the docs.
     */
    public PipedriveSimulator deletedDealsReadable(boolean readable) {
        this.deletedDealsReadable = readable;
        return this;
    }

    public boolean deletedDealsReadable() {
        return deletedDealsReadable;
    }

    public PipedriveSimulator companyId(long id) {
        this.companyId = id;
        return this;
    }

    public long companyId() {
        return companyId;
    }

    /** The {@code <company>} of {@code <company>.pipedrive.com}, as webhooks report it in {@code meta.host}. */
    public PipedriveSimulator companyDomain(String domain) {
        this.companyDomain = domain;
        return this;
    }

    /** The user the API token belongs to: {@code meta.user_id} of events caused through the REST API. */
    public PipedriveSimulator apiUserId(long userId) {
        this.apiUserId = userId;
        return this;
    }

    public long apiUserId() {
        return apiUserId;
    }

    /** The user who acts in the web UI through the control API ({@code change_source:"app"}). */
    public PipedriveSimulator salesRepUserId(long userId) {
        this.salesRepUserId = userId;
        return this;
    }

    public long salesRepUserId() {
        return salesRepUserId;
    }

    /** Moves the simulator's clock forward: the burst window, midnight budget reset, bans and 30-day purge follow it. */
    public PipedriveSimulator advanceClock(Duration amount) {
        clock.advance(amount);
        return this;
    }

    public Instant now() {
        return clock.instant();
    }

    // ================================================================= acting as a sales rep (change_source "app")

    public Person createPerson(String name, String... emails) {
        List<ContactValue> values = new ArrayList<>();
        for (int i = 0; i < emails.length; i++) {
            values.add(i == 0 ? ContactValue.primaryWork(emails[i]) : ContactValue.secondary(emails[i], "other"));
        }
        return createPerson(name, values, List.of());
    }

    public Person createPerson(String name, List<ContactValue> emails, List<ContactValue> phones) {
        return store.createPerson(name, emails, phones, null, salesRepUserId);
    }

    public Deal createDeal(String title, Long personId) {
        return createDeal(DealDraft.titled(title).withPerson(personId));
    }

    /** Creates a deal as the sales rep: a {@code create} webhook with {@code change_source:"app"}. */
    public Deal createDeal(DealDraft draft) {
        return store.createDeal(draft, salesRep(), true);
    }

    /** Changes a deal as the sales rep; throws {@link PipedriveApiException} on the same rules as the REST PATCH. */
    public Deal changeDeal(long dealId, DealChange change) {
        return store.updateDeal(dealId, change, salesRep());
    }

    public Deal deleteDeal(long dealId) {
        return store.deleteDeal(dealId, salesRep());
    }

    /** Merges {@code fromDealId} into {@code toDealId}; returns the survivor. */
    public Deal mergeDeals(long fromDealId, long toDealId) {
        return store.mergeDeals(fromDealId, toDealId, salesRep());
    }

    /** Creates deals quietly (no webhooks), e.g. to test paging; titles "Seeded deal 1", "Seeded deal 2", ... */
    public List<Deal> seedDeals(int count) {
        return seedDeals(count, i -> DealDraft.titled("Seeded deal " + i));
    }

    public List<Deal> seedDeals(int count, IntFunction<DealDraft> draftForIndex) {
        List<Deal> created = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            created.add(store.createDeal(draftForIndex.apply(i), salesRep(), false));
        }
        return created;
    }

    // ================================================================= reading state

    /** A deal, including one deleted less than 30 days ago (then {@link Deal#isDeleted()}). */
    public Optional<Deal> deal(long id) {
        return store.deal(id);
    }

    public List<Deal> deals() {
        return store.deals();
    }

    public DealPage listDeals(DealQuery query) {
        return store.listDeals(query);
    }

    public Optional<Person> person(long id) {
        return store.person(id);
    }

    public List<Person> persons() {
        return store.persons();
    }

    public List<StoredFile> files() {
        return store.files();
    }

    public List<StoredFile> filesOfDeal(long dealId) {
        return store.filesOfDeal(dealId);
    }

    public Optional<StoredFile> file(long id) {
        return store.file(id);
    }

    public List<Note> notes() {
        return store.notes();
    }

    public List<Note> notesOfDeal(long dealId) {
        return store.notesOfDeal(dealId);
    }

    // ================================================================= webhooks

    public List<Webhook> webhooks() {
        return store.webhooks();
    }

    /** Registers a webhook as {@code POST /api/v1/webhooks} would (same validation), without spending tokens. */
    public Webhook subscribe(String subscriptionUrl, String eventAction, String version, String httpAuthUser,
                             String httpAuthPassword) {
        return addWebhook(subscriptionUrl, eventAction, "deal", version, httpAuthUser, httpAuthPassword, "simulator test");
    }

    public boolean unsubscribe(long webhookId) {
        dispatcher.forget(webhookId);
        return store.removeWebhook(webhookId);
    }

    public boolean isBanned(long webhookId) {
        return dispatcher.isBanned(webhookId);
    }

    /** Sends this webhook v1 ("1.0") or v2 ("2.0") payloads whatever it registered; null restores its own version. */
    public PipedriveSimulator forceWebhookVersion(long webhookId, String version) {
        if (version != null && !version.equals("1.0") && !version.equals("2.0")) {
            throw new IllegalArgumentException("a webhook version is 1.0 or 2.0, not " + version);
        }
        dispatcher.forceVersion(webhookId, version);
        return this;
    }

    /** Every event that happened to a deal, oldest first (including those no webhook wanted). */
    public List<DealEvent> events() {
        return dispatcher.events();
    }

    /** Every delivery attempt and every dropped event, in the order they finished. */
    public List<DeliveryAttempt> deliveries() {
        return dispatcher.attempts();
    }

    public List<DeliveryAttempt> deliveriesOf(String eventId) {
        return dispatcher.attemptsOf(eventId);
    }

    /** Delivers an event again (same {@code meta.id}, {@code attempt} 1): the duplicate a receiver must tolerate. */
    public boolean redeliver(String eventId) {
        return dispatcher.redeliver(eventId);
    }

    /** Forgets recorded events, delivery attempts and requests, e.g. between benchmark rounds. State stays. */
    public PipedriveSimulator clearHistory() {
        dispatcher.clearHistory();
        requests().clear();
        return this;
    }

    // ================================================================= for the REST and control layers

    Webhook addWebhook(String url, String action, String object, String version, String authUser, String authPassword,
                       String name) {
        String effectiveVersion = version == null ? "2.0" : version;
        WebhookValidation.check(url, action, object, effectiveVersion);
        return store.addWebhook(url, action, object, effectiveVersion, authUser, authPassword, name, apiUserId, companyId);
    }

    WebhookDispatcher.Status webhookStatus(long webhookId) {
        return dispatcher.status(webhookId);
    }

    PipedriveStore store() {
        return store;
    }

    ApiGate gate() {
        return gate;
    }

    PipedriveStore.Actor apiUser() {
        return new PipedriveStore.Actor("api", apiUserId);
    }

    private PipedriveStore.Actor salesRep() {
        return new PipedriveStore.Actor("app", salesRepUserId);
    }
}
