package io.dealsign.webhook;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a webhook's body from the Vert.x request, never holding more than the limit. The endpoints
 * run with {@code useBodyHandler=false}, so the request reaches the route unread and paused: without
 * that, Vert.x would buffer a body of any size first (the server-wide {@code camel.server.max-body-size}
 * is off by default, and answers its 413 in plain text).
 *
 * <p>What the sender sees, and what becomes of the connection:
 * <ul>
 *   <li>a declared {@code Content-Length} over the limit is answered 413 at once, without reading;
 *   <li>a body that grows past the limit as it streams (chunked, or HTTP/2) is answered 413 as soon
 *       as it does;
 *   <li>in both cases the rest of the body is read and thrown away, never held, so that a sender
 *       still writing gets to read the answer: closing a connection with unread bytes makes the
 *       kernel reset it, and clients such as the JDK's then report the reset, not the 413 (and the
 *       JDK's HTTP/2 client hangs on a stream reset early). A sender still not done after the read
 *       timeout is cut off: its HTTP/1.1 connection closed, its HTTP/2 stream reset;
 *   <li>a sender that asked {@code Expect: 100-continue} for a body over the limit is not told to go
 *       on, and its HTTP/1.1 connection is closed after the answer;
 *   <li>a body that does not arrive within the read timeout is answered 408, and the HTTP/1.1
 *       connection closed.
 * </ul>
 * Exchanges that did not come from platform-http (a direct call in a test) are read from the message.
 *
 * <p>The read happens on the Vert.x worker thread that runs the route, so a sender trickling its body
 * holds that thread until the read timeout. Reading on the event loop instead, in a Vert.x handler
 * ahead of the Camel route, was tried and works for HTTP/1.1, but Camel 4.18's platform-http consumer
 * then calls {@code pause()}/{@code resume()} on a request already read, which Vert.x refuses for
 * HTTP/2 (the JDK's client upgrades to h2c), so every h2c webhook failed.
 */
final class RequestBody {

    /** RST_STREAM error code CANCEL: the stream is no longer needed. */
    private static final long HTTP2_CANCEL = 0x8;

    sealed interface Outcome {
    }

    record Read(byte[] bytes) implements Outcome {
    }

    record TooLarge(long bytes, boolean declared) implements Outcome {
    }

    record TimedOut() implements Outcome {
    }

    record Broken(String reason) implements Outcome {
    }

    private RequestBody() {
    }

    static Outcome read(Exchange exchange, long limit, Duration timeout) {
        HttpMessage http = exchange.getIn(HttpMessage.class);
        if (http == null || !(http.getBody() instanceof HttpServerRequest)) {
            byte[] body = exchange.getMessage().getBody(byte[].class);
            byte[] bytes = body == null ? new byte[0] : body;
            return bytes.length > limit ? new TooLarge(bytes.length, false) : new Read(bytes);
        }
        HttpServerRequest request = http.getRequest();
        HttpServerResponse response = http.getResponse();
        long declared = declaredLength(request);
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        if (declared > limit) {
            dropTheRest(request, response, timeout, expectsContinue);
            return new TooLarge(declared, true);
        }
        if (expectsContinue) {
            response.writeContinue();
        }
        Collector collector = new Collector(limit);
        request.handler(collector::chunk);
        request.endHandler(end -> collector.result.complete(new Read(collector.bytes())));
        request.exceptionHandler(e -> collector.result.complete(new Broken(e.getClass().getSimpleName())));
        request.resume();
        Outcome outcome;
        try {
            outcome = collector.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            // The body may have ended between the timeout and this line: then it is whole, and taken.
            outcome = collector.result.complete(new TimedOut()) ? new TimedOut() : collector.result.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Broken("interrupted");
        } catch (ExecutionException e) {
            outcome = new Broken(e.getCause().getClass().getSimpleName());
        }
        if (!(outcome instanceof Read)) {
            dropTheRest(request, response, timeout, !(outcome instanceof TooLarge));
        }
        return outcome;
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * For a request answered before its body was read: what still comes is dropped, and a sender not
     * done after the timeout is cut off. With {@code closeAfterAnswer}, an HTTP/1.1 connection is
     * closed as soon as the answer is out (the sender is not sending, or too slowly to wait for).
     */
    private static void dropTheRest(HttpServerRequest request, HttpServerResponse response, Duration timeout,
                                     boolean closeAfterAnswer) {
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        try {
            request.handler(chunk -> { });
            request.endHandler(end -> { });
            request.exceptionHandler(e -> { });
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            // The request ended on the event loop meanwhile (Vert.x refuses handlers then): nothing is left to drop.
        }
        if (closeAfterAnswer && !http2 && !response.ended()) {
            response.putHeader("Connection", "close");
            response.endHandler(end -> request.connection().close());
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!request.isEnded()) {
                if (http2) {
                    response.reset(HTTP2_CANCEL);
                } else {
                    request.connection().close();
                }
            }
        });
    }

    /** Collects chunks on the event loop until the end, or until the limit is passed. */
    private static final class Collector {
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private final long limit;
        private Buffer buffer = Buffer.buffer();
        private long received;

        Collector(long limit) {
            this.limit = limit;
        }

        void chunk(Buffer chunk) {
            received += chunk.length();
            if (result.isDone()) {
                return;
            }
            if (received > limit) {
                buffer = null;
                result.complete(new TooLarge(received, false));
                return;
            }
            buffer.appendBuffer(chunk);
        }

        byte[] bytes() {
            return buffer == null ? new byte[0] : buffer.getBytes();
        }
    }
}
