package io.dealsign.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.dottedsign.DottedSignSettings;
import io.dealsign.dottedsign.DottedSignWebhookParser;
import io.dealsign.dottedsign.WebhookSignature;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.pipedrive.PipedriveSettings;
import io.dealsign.pipedrive.PipedriveWebhookParser;
import io.dealsign.pipedrive.WebhookCredentials;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The checks at the door of each webhook endpoint, in this order: the body is read within the size
 * limit and the read timeout (413, 408), the method must be POST (405), the content type JSON (415),
 * the sender authentic (401: Pipedrive's Basic credentials, DottedSign's signature), the body an event
 * we can read (400), and a DottedSign event recent (400, replay protection). A request that fails a
 * check is answered here with a JSON reason, logged with its cause, and goes no further: nothing of it
 * is stored. One that passes leaves a {@link WebhookVerdict} for {@link WebhookRoutes}.
 */
public final class WebhookIntake {

    public static final String VERDICT = "dealsignWebhookVerdict";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    private final WebhookCredentials pipedriveCredentials;
    private final boolean pipedriveConfigured;
    private final WebhookSignature dottedSignSignature;
    private final WebhookSettings settings;
    private final ReplayWindow replayWindow;

    public WebhookIntake(PipedriveSettings pipedrive, DottedSignSettings dottedSign, WebhookSettings settings) {
        this.pipedriveCredentials = new WebhookCredentials(pipedrive.webhookUsername(), pipedrive.webhookPassword());
        this.pipedriveConfigured = !pipedrive.missing().contains(PipedriveSettings.WEBHOOK_USERNAME)
                && !pipedrive.missing().contains(PipedriveSettings.WEBHOOK_PASSWORD);
        this.dottedSignSignature = new WebhookSignature(dottedSign.signatureMode(), dottedSign.clientSecret());
        this.settings = settings;
        this.replayWindow = new ReplayWindow(settings.dottedSignMaxAge(), settings.dottedSignMaxClockSkew(),
                Clock.systemUTC());
        if (replayWindow.isOff()) {
            LOG.warn("{} is 0: DottedSign webhooks are accepted however old their event_datetime (no replay window)",
                    WebhookSettings.DOTTEDSIGN_MAX_AGE);
        }
    }

    public void pipedrive(Exchange exchange) {
        guarded(exchange, "Pipedrive", this::checkPipedrive);
    }

    public void dottedSign(Exchange exchange) {
        guarded(exchange, "DottedSign", this::checkDottedSign);
    }

    /**
     * The checks touch nothing but the request, so an exception in them is a bug met on an odd request,
     * not a reason for the sender to retry: it is answered 400 and logged as an error with its trace.
     */
    private static void guarded(Exchange exchange, String source, Consumer<Exchange> checks) {
        try {
            checks.accept(exchange);
        } catch (RuntimeException bug) {
            LOG.error("{} webhook rejected with 400: an unexpected error while checking it (from {}); this is a bug", source,
                    remote(exchange), bug);
            exchange.removeProperty(VERDICT);
            WebhookResponses.answer(exchange, 400, "error", "the request could not be read");
            exchange.setRouteStop(true);
        }
    }

    private void checkPipedrive(Exchange exchange) {
        Optional<byte[]> admitted = admit(exchange, "Pipedrive");
        if (admitted.isEmpty()) {
            return;
        }
        Header authorization = Header.of(exchange, "Authorization");
        WebhookCredentials.Verdict verdict = authorization.repeated() ? WebhookCredentials.Verdict.WRONG
                : pipedriveCredentials.check(authorization.value(), pipedriveConfigured);
        switch (verdict) {
            case MISSING -> {
                LOG.warn("Pipedrive webhook refused with 401: no Basic credentials (from {})", remote(exchange));
                WebhookResponses.answer(exchange, 401, "error", "Basic credentials are required");
                exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"dealsign-sync\"");
                exchange.setRouteStop(true);
                return;
            }
            case WRONG -> {
                LOG.warn("Pipedrive webhook refused with 401: {} (from {}){}", authorization.repeated()
                                ? "more than one Authorization header" : "wrong Basic credentials", remote(exchange),
                        pipedriveConfigured ? "" : "; pipedrive.webhook.username/password are not set");
                WebhookResponses.answer(exchange, 401, "error", "the credentials are not valid");
                exchange.setRouteStop(true);
                return;
            }
            case ACCEPTED -> { }
        }
        try {
            exchange.setProperty(VERDICT, PipedriveWebhookParser.parse(admitted.get()));
        } catch (InvalidJsonException e) {
            reject(exchange, "Pipedrive", 400, e.getMessage());
        }
    }

    private void checkDottedSign(Exchange exchange) {
        Optional<byte[]> admitted = admit(exchange, "DottedSign");
        if (admitted.isEmpty()) {
            return;
        }
        byte[] body = admitted.get();
        Header signature = Header.of(exchange, "Signature");
        if (signature.repeated() || !dottedSignSignature.verify(body, signature.value())) {
            boolean missing = signature.value() == null && !signature.repeated();
            LOG.warn("DottedSign webhook refused with 401: {} (from {}){}", missing ? "no signature"
                            : signature.repeated() ? "more than one Signature header" : "a wrong signature", remote(exchange),
                    dottedSignSignature.isConfigured() ? "" : "; dottedsign.client-secret is not set");
            WebhookResponses.answer(exchange, 401, "error", missing ? "the Signature header is required"
                    : "the signature does not match the body");
            exchange.setRouteStop(true);
            return;
        }
        WebhookVerdict verdict;
        JsonNode root;
        try {
            root = Json.parse(body);
            verdict = DottedSignWebhookParser.parse(root);
        } catch (InvalidJsonException e) {
            reject(exchange, "DottedSign", 400, e.getMessage());
            return;
        }
        Optional<Instant> occurredAt = DottedSignWebhookParser.eventTime(root);
        Optional<String> refusal = occurredAt.flatMap(replayWindow::refusal);
        if (refusal.isPresent()) {
            reject(exchange, "DottedSign", 400, refusal.get());
            return;
        }
        exchange.setProperty(VERDICT, verdict);
    }

    /**
     * The checks both endpoints share, before anything about the sender is known: the body within the
     * limits, POST, JSON. Empty when the request was answered.
     */
    private Optional<byte[]> admit(Exchange exchange, String source) {
        RequestBody.Outcome outcome = RequestBody.read(exchange, settings.maxBodySize(), settings.readTimeout());
        if (outcome instanceof RequestBody.TooLarge tooLarge) {
            reject(exchange, source, 413, "the body " + (tooLarge.declared() ? "is declared as " + tooLarge.bytes()
                    + " bytes" : "is more than " + settings.maxBodySize() + " bytes") + ", over the limit of "
                    + settings.maxBodySize() + " bytes");
            return Optional.empty();
        }
        if (outcome instanceof RequestBody.TimedOut) {
            reject(exchange, source, 408, "the body did not arrive within " + settings.readTimeout().toMillis() + " ms");
            return Optional.empty();
        }
        if (outcome instanceof RequestBody.Broken broken) {
            reject(exchange, source, 400, "the body could not be read (" + broken.reason() + ")");
            return Optional.empty();
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        if (!"POST".equals(method)) {
            reject(exchange, source, 405, "only POST is allowed here, not " + Untrusted.text(method));
            exchange.getMessage().setHeader("Allow", "POST");
            return Optional.empty();
        }
        Header contentType = Header.of(exchange, Exchange.CONTENT_TYPE);
        if (contentType.repeated()) {
            reject(exchange, source, 415, "the request has more than one Content-Type header");
            return Optional.empty();
        }
        if (contentType.value() != null && !isJson(contentType.value())) {
            String mediaType = mediaType(contentType.value());
            reject(exchange, source, 415, "the body must be application/json, not "
                    + (mediaType.isEmpty() ? "an empty media type" : Untrusted.text(mediaType)));
            return Optional.empty();
        }
        return Optional.of(((RequestBody.Read) outcome).bytes());
    }

    /** Both senders post JSON; a request without a content type is read as JSON too. */
    private static boolean isJson(String contentType) {
        String mediaType = mediaType(contentType).toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** The type without its parameters: {@code application/json} of {@code application/json; charset=utf-8}. */
    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
    }

    /**
     * A request header: its one value ({@code null} when absent), or {@code repeated} when it was sent
     * more than once; two credentials, signatures or content types are refused rather than one picked.
     */
    private record Header(String value, boolean repeated) {
        static Header of(Exchange exchange, String name) {
            Object value = exchange.getMessage().getHeader(name);
            if (value instanceof Collection<?> values) {
                if (values.size() > 1) {
                    return new Header(null, true);
                }
                value = values.isEmpty() ? null : values.iterator().next();
            }
            return new Header(value == null ? null : value.toString(), false);
        }
    }

    private static void reject(Exchange exchange, String source, int status, String reason) {
        LOG.warn("{} webhook rejected with {}: {} (from {})", source, status, reason, remote(exchange));
        WebhookResponses.answer(exchange, status, "error", reason);
        exchange.setRouteStop(true);
    }

    private static String remote(Exchange exchange) {
        Object address = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        return address == null ? "unknown address" : address.toString();
    }
}
