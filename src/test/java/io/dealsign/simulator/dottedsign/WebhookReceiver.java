package io.dealsign.simulator.dottedsign;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the product's webhook endpoint: keeps every POST's raw bytes and headers. */
final class WebhookReceiver implements AutoCloseable {

    /** One received webhook, headers keyed in lower case. */
    record Received(Map<String, String> headers, byte[] body) {

        String signature() {
            return headers.get("signature");
        }

        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        String action() {
            return json().getString("action_name");
        }

        long taskId() {
            return json().getLong("resource_id");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answerStatus = 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/dottedsign", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(answerStatus, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/dottedsign";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<String> actions() {
        return received.stream().map(Received::action).toList();
    }

    List<String> actionsFor(long taskId) {
        return received.stream().filter(r -> r.taskId() == taskId).map(Received::action).toList();
    }

    void answerWith(int status) {
        this.answerStatus = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
