package io.dealsign.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * What a load balancer in front of several instances does at its worst: every webhook a simulator sends
 * here goes to every instance at the same moment (same path, headers and body), as when a sender
 * retries on a second connection. The sender gets 200 when any instance took the event.
 */
final class WebhookFanOut implements AutoCloseable {

    /** One instance's answer to one forwarded delivery: its status and body, or -1 when it did not answer. */
    record Answer(String path, int instance, int status, String body) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> instances;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    WebhookFanOut(List<String> instanceBaseUrls) throws IOException {
        this.instances = List.copyOf(instanceBaseUrls);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::forward);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        List<CompletableFuture<Answer>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instances.get(i) + path))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            int instance = i;
            sent.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Answer(path, instance, response.statusCode(), response.body()))
                    .exceptionally(error -> new Answer(path, instance, -1, String.valueOf(error.getMessage()))));
        }
        boolean taken = false;
        for (CompletableFuture<Answer> answer : sent) {
            Answer a = answer.join();
            answers.add(a);
            taken |= a.status() / 100 == 2;
        }
        exchange.sendResponseHeaders(taken ? 200 : 503, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
