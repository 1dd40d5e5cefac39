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

/**
 * The checks at the door of each webhook endpoint: authenticity (Pipedrive's Basic credentials,
 * DottedSign's signature), then a tolerant parse into a {@link WebhookVerdict}. A request that fails
 * is answered here (401, 400) and goes no further; nothing of it is stored.
 */
public final class WebhookIntake {

    public static final String VERDICT = "dealsignWebhookVerdict";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    private final WebhookCredentials pipedriveCredentials;
    private final boolean pipedriveConfigured;
    private final WebhookSignature dottedSignSignature;

    public WebhookIntake(PipedriveSettings pipedrive, DottedSignSettings dottedSign) {
        this.pipedriveCredentials = new WebhookCredentials(pipedrive.webhookUsername(), pipedrive.webhookPassword());
        this.pipedriveConfigured = !pipedrive.missing().contains(PipedriveSettings.WEBHOOK_USERNAME)
                && !pipedrive.missing().contains(PipedriveSettings.WEBHOOK_PASSWORD);
        this.dottedSignSignature = new WebhookSignature(dottedSign.signatureMode(), dottedSign.clientSecret());
    }

    public void pipedrive(Exchange exchange) {
        if (!isJson(exchange)) {
            return;
        }
        switch (pipedriveCredentials.check(exchange.getMessage().getHeader("Authorization", String.class), pipedriveConfigured)) {
            case MISSING -> {
                LOG.warn("Pipedrive webhook refused: no Basic credentials (from {})", remote(exchange));
                WebhookResponses.answer(exchange, 401, "error", "Basic credentials are required");
                exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"dealsign-sync\"");
                exchange.setRouteStop(true);
                return;
            }
            case WRONG -> {
                LOG.warn("Pipedrive webhook refused: wrong Basic credentials (from {}){}", remote(exchange),
                        pipedriveConfigured ? "" : "; pipedrive.webhook.username/password are not set");
                WebhookResponses.answer(exchange, 401, "error", "the credentials are not valid");
                exchange.setRouteStop(true);
                return;
            }
            case ACCEPTED -> { }
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        try {
            exchange.setProperty(VERDICT, PipedriveWebhookParser.parse(body));
        } catch (InvalidJsonException e) {
            reject(exchange, "Pipedrive", e);
        }
    }

    public void dottedSign(Exchange exchange) {
        if (!isJson(exchange)) {
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (!dottedSignSignature.verify(body, exchange.getMessage().getHeader("Signature", String.class))) {
            boolean missing = exchange.getMessage().getHeader("Signature") == null;
            LOG.warn("DottedSign webhook refused: {} signature (from {}){}", missing ? "no" : "a wrong", remote(exchange),
                    dottedSignSignature.isConfigured() ? "" : "; dottedsign.client-secret is not set");
            WebhookResponses.answer(exchange, 401, "error", missing ? "the Signature header is required"
                    : "the signature does not match the body");
            exchange.setRouteStop(true);
            return;
        }
        try {
            JsonNode root = Json.parse(body);
            exchange.setProperty(VERDICT, DottedSignWebhookParser.parse(root));
        } catch (InvalidJsonException e) {
            reject(exchange, "DottedSign", e);
        }
    }

    /** Both senders post JSON; anything else is answered 415 before it is read. */
    private static boolean isJson(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null) {
            return true;
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return true;
        }
        LOG.warn("Webhook rejected with 415: content type {} is not JSON (from {})", mediaType, remote(exchange));
        WebhookResponses.answer(exchange, 415, "error", "the body must be application/json, not " + mediaType);
        exchange.setRouteStop(true);
        return false;
    }

    private static void reject(Exchange exchange, String source, InvalidJsonException e) {
        LOG.warn("{} webhook rejected with 400: {} (from {})", source, e.getMessage(), remote(exchange));
        WebhookResponses.answer(exchange, 400, "error", e.getMessage());
        exchange.setRouteStop(true);
    }

    private static String remote(Exchange exchange) {
        Object address = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        return address == null ? "unknown address" : address.toString();
    }
}
