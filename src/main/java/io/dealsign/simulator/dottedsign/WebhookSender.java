package io.dealsign.simulator.dottedsign;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Posts webhook events to the application's webhook URL, off the Vert.x event loop. Events of one task
 * go out one after another in the order they were handed in (each task has its own queue); different
 * tasks go out in parallel. One attempt per event, no retries: a failure is recorded, never thrown.
 */
final class WebhookSender implements AutoCloseable {

    /** How long a receiver may take to answer; DottedSign documents no timeout, Pipedrive uses 10 s. */
    private static final Duration RECEIVER_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService senders;
    private final Map<Long, CompletableFuture<Void>> queueTailByTask = new ConcurrentHashMap<>();
    private final Map<Long, WebhookEvent> lastEventByTask = new ConcurrentHashMap<>();
    /** The most recent deliveries only, so a long benchmark run does not grow the heap without end. */
    static final int KEPT_DELIVERIES = 10_000;
    private final Deque<WebhookDelivery> deliveries = new ArrayDeque<>();
    private final Supplier<String> clientSecret;
    private final Clock clock;

    private volatile String url;
    private volatile SignatureMode signatureMode = SignatureMode.HEX;
    private volatile boolean enabled = true;

    WebhookSender(Supplier<String> clientSecret, Clock clock) {
        this.clientSecret = clientSecret;
        this.clock = clock;
        AtomicInteger threadNumber = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dottedsign-webhook-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues a new event. Call it in event order for each task (the simulator calls it while holding its
     * store lock); URL, signature mode and on/off are read now, at the moment of the event.
     */
    void send(WebhookEvent event) {
        lastEventByTask.put(event.taskId(), event);
        dispatch(event, false);
    }

    /** Sends the task's last event again, byte for byte (a duplicate delivery); false when it had none. */
    boolean redeliverLast(long taskId) {
        Optional<WebhookEvent> last = Optional.ofNullable(lastEventByTask.get(taskId));
        last.ifPresent(event -> dispatch(event, true));
        return last.isPresent();
    }

    private void dispatch(WebhookEvent event, boolean redelivery) {
        String target = url;
        if (!enabled || target == null) {
            record(new WebhookDelivery(event.taskId(), event.actionName(), event.eventDatetime(),
                    WebhookDelivery.Outcome.DROPPED, 0,
                    enabled ? "no webhook URL configured; event lost" : "webhook delivery switched off; event lost",
                    target, null, event.body(), redelivery, clock.instant()));
            return;
        }
        String signature = WebhookSigner.sign(signatureMode, event.body(), clientSecret.get());
        CompletableFuture<Void> tail = queueTailByTask.compute(event.taskId(), (taskId, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .thenRunAsync(() -> post(event, target, signature, redelivery), senders));
        tail.whenComplete((done, failure) -> queueTailByTask.remove(event.taskId(), tail));
    }

    private void post(WebhookEvent event, String target, String signature, boolean redelivery) {
        int status = 0;
        String error;
        WebhookDelivery.Outcome outcome;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(RECEIVER_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "DottedSign-Webhook (dealsign simulator)")
                    .header("Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            outcome = status / 100 == 2 ? WebhookDelivery.Outcome.DELIVERED : WebhookDelivery.Outcome.REJECTED;
            error = outcome == WebhookDelivery.Outcome.DELIVERED ? null : "receiver answered " + status;
        } catch (HttpTimeoutException e) {
            outcome = WebhookDelivery.Outcome.FAILED;
            error = "no answer within " + RECEIVER_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = WebhookDelivery.Outcome.FAILED;
            error = "interrupted: the simulator is stopping";
        } catch (Exception e) {
            outcome = WebhookDelivery.Outcome.FAILED;
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        record(new WebhookDelivery(event.taskId(), event.actionName(), event.eventDatetime(), outcome, status,
                error, target, signature, event.body(), redelivery, clock.instant()));
    }

    private void record(WebhookDelivery delivery) {
        synchronized (deliveries) {
            deliveries.addLast(delivery);
            if (deliveries.size() > KEPT_DELIVERIES) {
                deliveries.removeFirst();
            }
        }
    }

    List<WebhookDelivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    void clear() {
        synchronized (deliveries) {
            deliveries.clear();
        }
        lastEventByTask.clear();
    }

    String url() {
        return url;
    }

    void url(String url) {
        this.url = url == null || url.isBlank() ? null : URI.create(url.trim()).toString();
    }

    SignatureMode signatureMode() {
        return signatureMode;
    }

    void signatureMode(SignatureMode mode) {
        this.signatureMode = java.util.Objects.requireNonNull(mode, "signature mode");
    }

    boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
