package io.dealsign.simulator.pipedrive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Delivers deal events to webhooks the way Pipedrive documents it (reference §2.7): asynchronously,
 * success is any 2xx within the timeout (10 s), a failure is retried 3 s, 30 s and 150 s later with the
 * same event id and a higher {@code attempt}; every failed first attempt counts towards a ban, and the
 * tenth in a row bans the webhook for 30 minutes, during which its events are dropped. The delays and
 * the ban are multiplied by a time scale so tests run in milliseconds. Nothing here runs on Vert.x's
 * event loop.
 */
final class WebhookDispatcher implements AutoCloseable {

    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(150));
    static final int MAX_ATTEMPTS = 1 + RETRY_DELAYS.size();
    static final int FAILED_FIRST_ATTEMPTS_BEFORE_BAN = 10;
    static final Duration BAN = Duration.ofMinutes(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** What Pipedrive remembers per webhook: the ban counter, the ban, the last delivery, a forced payload version. */
    private static final class WebhookState {
        int failedFirstAttemptsInARow;
        Instant bannedUntil;
        Instant lastDeliveryTime;
        Integer lastHttpStatus;
        String forcedVersion;
    }

    /** What the webhook list shows about delivery. */
    record Status(Instant lastDeliveryTime, Integer lastHttpStatus, Instant bannedUntil, String forcedVersion) {
    }

    private final SimClock clock;
    private final LongFunction<Optional<Webhook>> webhookById;
    private final Supplier<List<Webhook>> allWebhooks;
    private final Supplier<Long> companyId;
    private final Supplier<String> host;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final Map<Long, WebhookState> states = new ConcurrentHashMap<>();
    private final List<DealEvent> events = new CopyOnWriteArrayList<>();
    private final List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
    private volatile double timeScale = 1.0;
    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private volatile boolean deliveryOn = true;

    WebhookDispatcher(SimClock clock, LongFunction<Optional<Webhook>> webhookById, Supplier<List<Webhook>> allWebhooks,
                      Supplier<Long> companyId, Supplier<String> host) {
        this.clock = clock;
        this.webhookById = webhookById;
        this.allWebhooks = allWebhooks;
        this.companyId = companyId;
        this.host = host;
        this.scheduler = Executors.newScheduledThreadPool(1, daemonThreads("pipedrive-sim-webhook-scheduler"));
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads("pipedrive-sim-webhook-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // Pipedrive: the URL must not redirect
                .connectTimeout(DEFAULT_TIMEOUT)
                .executor(httpExecutor)
                .build();
    }

    // ---------------------------------------------------------------- settings

    void timeScale(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the time scale is a positive factor, not " + scale);
        }
        this.timeScale = scale;
    }

    double timeScale() {
        return timeScale;
    }

    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    void deliveryOn(boolean on) {
        this.deliveryOn = on;
    }

    boolean deliveryOn() {
        return deliveryOn;
    }

    void forceVersion(long webhookId, String version) {
        WebhookState state = state(webhookId);
        synchronized (state) {
            state.forcedVersion = version;
        }
    }

    Status status(long webhookId) {
        WebhookState state = state(webhookId);
        synchronized (state) {
            return new Status(state.lastDeliveryTime, state.lastHttpStatus, state.bannedUntil, state.forcedVersion);
        }
    }

    boolean isBanned(long webhookId) {
        WebhookState state = state(webhookId);
        synchronized (state) {
            return state.bannedUntil != null && clock.instant().isBefore(state.bannedUntil);
        }
    }

    // ---------------------------------------------------------------- events

    /** Called by the store under its lock: remember the event and queue a first attempt per matching webhook. */
    void publish(DealEvent event) {
        events.add(event);
        for (Webhook webhook : allWebhooks.get()) {
            if (webhook.wants(event)) {
                schedule(event, webhook.id(), 1, Duration.ZERO);
            }
        }
    }

    /** Sends an event again to every webhook that wants it, as a fresh first attempt with the same event id. */
    boolean redeliver(String eventId) {
        Optional<DealEvent> event = event(eventId);
        event.ifPresent(e -> allWebhooks.get().stream().filter(w -> w.wants(e))
                .forEach(w -> schedule(e, w.id(), 1, Duration.ZERO)));
        return event.isPresent();
    }

    Optional<DealEvent> event(String eventId) {
        return events.stream().filter(e -> e.id().equals(eventId)).findFirst();
    }

    List<DealEvent> events() {
        return List.copyOf(events);
    }

    List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    List<DeliveryAttempt> attemptsOf(String eventId) {
        List<DeliveryAttempt> result = new ArrayList<>();
        for (DeliveryAttempt a : attempts) {
            if (a.eventId().equals(eventId)) {
                result.add(a);
            }
        }
        return result;
    }

    /** Forgets recorded events and attempts (long demo or benchmark runs); delivery state and bans stay. */
    void clearHistory() {
        events.clear();
        attempts.clear();
    }

    void forget(long webhookId) {
        states.remove(webhookId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    // ---------------------------------------------------------------- delivery

    private void schedule(DealEvent event, long webhookId, int attempt, Duration delay) {
        if (scheduler.isShutdown()) {
            return;
        }
        long scaledMicros = (long) (delay.toNanos() / 1000.0 * timeScale);
        scheduler.schedule(() -> attempt(event, webhookId, attempt), scaledMicros, TimeUnit.MICROSECONDS);
    }

    private void attempt(DealEvent event, long webhookId, int attempt) {
        Optional<Webhook> found = webhookById.apply(webhookId);
        if (found.isEmpty()) {
            return; // deleted meanwhile: nothing left to deliver to
        }
        Webhook webhook = found.get();
        WebhookState state = state(webhookId);
        String version;
        synchronized (state) {
            version = state.forcedVersion != null ? state.forcedVersion : webhook.version();
        }
        String eventName = "1.0".equals(version) ? event.v1EventName() : event.v2Action() + ".deal";
        Instant now = clock.instant();
        if (!deliveryOn) {
            record(event, webhook, attempt, version, eventName, now, DeliveryAttempt.Outcome.DROPPED_DELIVERY_OFF, null,
                    "delivery switched off", null);
            return;
        }
        if (isBanned(webhookId)) {
            record(event, webhook, attempt, version, eventName, now, DeliveryAttempt.Outcome.DROPPED_BANNED, null,
                    "webhook banned after " + FAILED_FIRST_ATTEMPTS_BEFORE_BAN + " failed first attempts", null);
            return;
        }
        String body = WebhookPayloads.build(version, event, webhook, attempt, companyId.get(), host.get()).encode();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhook.subscriptionUrl()));
        } catch (IllegalArgumentException e) {
            onResult(event, webhook, attempt, version, eventName, now, body, null, "invalid URL: " + e.getMessage());
            return;
        }
        request.timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pipedrive-Webhook")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (webhook.hasBasicAuth()) {
            String credentials = webhook.httpAuthUser() + ":" + (webhook.httpAuthPassword() == null ? "" : webhook.httpAuthPassword());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> onResult(event, webhook, attempt, version, eventName, now, body,
                        response == null ? null : response.statusCode(), failure == null ? null : describe(failure)));
    }

    private void onResult(DealEvent event, Webhook webhook, int attempt, String version, String eventName, Instant sentAt,
                          String body, Integer status, String error) {
        boolean success = status != null && status >= 200 && status < 300;
        record(event, webhook, attempt, version, eventName, sentAt,
                success ? DeliveryAttempt.Outcome.DELIVERED : DeliveryAttempt.Outcome.FAILED, status, error, body);
        WebhookState state = state(webhook.id());
        synchronized (state) {
            state.lastDeliveryTime = sentAt;
            state.lastHttpStatus = status;
            if (success) {
                state.failedFirstAttemptsInARow = 0;
            } else if (attempt == 1 && ++state.failedFirstAttemptsInARow >= FAILED_FIRST_ATTEMPTS_BEFORE_BAN) {
                state.bannedUntil = clock.instant().plusNanos((long) (BAN.toNanos() * timeScale));
                state.failedFirstAttemptsInARow = 0;
            }
        }
        if (!success && attempt < MAX_ATTEMPTS) {
            schedule(event, webhook.id(), attempt + 1, RETRY_DELAYS.get(attempt - 1));
        }
    }

    private void record(DealEvent event, Webhook webhook, int attempt, String version, String eventName, Instant at,
                        DeliveryAttempt.Outcome outcome, Integer status, String error, String body) {
        attempts.add(new DeliveryAttempt(event.id(), webhook.id(), attempt, version, eventName, event.dealId(), at,
                outcome, status, error, body));
    }

    private WebhookState state(long webhookId) {
        return states.computeIfAbsent(webhookId, id -> new WebhookState());
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
