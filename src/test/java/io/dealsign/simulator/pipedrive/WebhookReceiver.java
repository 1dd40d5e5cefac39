package io.dealsign.simulator.pipedrive;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The product's webhook endpoint, stood in for by a JDK HttpServer on 127.0.0.1: records every POST
 * and answers with whatever status the test chooses (or never, to make the simulator time out).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One delivery as received. */
    record Received(Map<String, String> headers, JsonObject body) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        JsonObject meta() {
            return body.getJsonObject("meta");
        }

        /** "user:password" from the Basic Authorization header, or null. */
        String basicCredentials() {
            String auth = header("authorization");
            if (auth == null || !auth.startsWith("Basic ")) {
                return null;
            }
            return new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
        }
    }

    /** The status answered for a delivery; {@link #NO_ANSWER} holds the response until the receiver closes. */
    static final int NO_ANSWER = -1;

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile ToIntFunction<Received> responder = r -> 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            Received delivery = new Received(headers, new JsonObject(new String(bytes, StandardCharsets.UTF_8)));
            received.add(delivery);
            int status = responder.applyAsInt(delivery);
            if (status == NO_ANSWER) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException ignored) {
                // the simulator gave up waiting: that is the point of NO_ANSWER
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pipedrive/webhook";
    }

    WebhookReceiver answer(int status) {
        return answer(r -> status);
    }

    WebhookReceiver answer(ToIntFunction<Received> responder) {
        this.responder = responder;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The v2 deliveries whose meta.action is {@code action}. */
    List<Received> v2(String action) {
        return received.stream().filter(r -> r.body().containsKey("meta") && action.equals(r.meta().getString("action"))
                && "2.0".equals(r.meta().getString("version"))).toList();
    }

    /** The v1 deliveries whose {@code event} is {@code event}, e.g. {@code updated.deal}. */
    List<Received> v1(String event) {
        return received.stream().filter(r -> event.equals(r.body().getString("event"))).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
