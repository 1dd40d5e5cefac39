package io.dealsign.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What both API simulators share: a Vert.x HTTP server on loopback, a log of every request, and
 * fault injection in front of the API routes. Paths under {@value #CONTROL_PREFIX} are the
 * simulator's own control API (acting as a signer, a sales rep, a test): they are logged apart and
 * never faulted or rate-limited.
 */
public abstract class SimulatorServer implements AutoCloseable {

    public static final String CONTROL_PREFIX = "/_sim";
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    protected final Vertx vertx;
    private final RequestLog requestLog = new RequestLog();
    private final Faults faults = new Faults();
    private HttpServer server;
    private String host = "127.0.0.1";

    protected SimulatorServer() {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    }

    /** Adds the simulator's API and control routes; called once, before the server listens. */
    protected abstract void addRoutes(Router router);

    /** The body of an injected 500, in the API's own error shape. */
    protected abstract JsonObject injectedErrorBody();

    /** Starts listening on 127.0.0.1; port 0 picks a free port. */
    public SimulatorServer start(int port) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route().handler(this::recordAndInjectFaults);
        addRoutes(router);
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(getClass().getSimpleName() + " could not listen on " + host + ":" + port, e);
        }
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public RequestLog requests() {
        return requestLog;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop " + getClass().getSimpleName(), e);
        }
    }

    protected static boolean isControlPath(String path) {
        return path != null && path.startsWith(CONTROL_PREFIX);
    }

    private void recordAndInjectFaults(RoutingContext ctx) {
        Instant receivedAt = Instant.now();
        ctx.addEndHandler(done -> requestLog.add(new RecordedRequest(receivedAt,
                ctx.request().method().name(), ctx.request().path(), ctx.request().query(),
                headersOf(ctx), ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                ctx.response().getStatusCode())));
        if (isControlPath(ctx.request().path())) {
            ctx.next();
            return;
        }
        Faults.Outcome outcome = faults.draw();
        long latencyMillis = faults.latency().toMillis();
        Runnable proceed = () -> {
            switch (outcome) {
                case ERROR -> sendJson(ctx, 500, injectedErrorBody());
                // Never answered: the caller's own timeout has to fire. Closed later so sockets do not pile up.
                case TIMEOUT -> vertx.setTimer(120_000, t -> ctx.request().connection().close());
                case PASS -> ctx.next();
            }
        };
        if (latencyMillis > 0) {
            vertx.setTimer(latencyMillis, t -> proceed.run());
        } else {
            proceed.run();
        }
    }

    private static Map<String, String> headersOf(RoutingContext ctx) {
        Map<String, String> headers = new TreeMap<>();
        ctx.request().headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(),
                (a, b) -> a + "," + b));
        return headers;
    }

    protected static void sendJson(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
