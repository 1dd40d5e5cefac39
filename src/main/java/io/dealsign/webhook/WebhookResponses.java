package io.dealsign.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealsign.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Every answer a webhook endpoint gives: a status, a small JSON body with a reason, and none of the
 * inbound headers (credentials, or form fields, must never be echoed back); the caller may add the
 * one a status calls for ({@code WWW-Authenticate} with 401, {@code Allow} with 405).
 */
public final class WebhookResponses {

    private WebhookResponses() {
    }

    public static void answer(Exchange exchange, int status, String field, String value) {
        ObjectNode body = Json.MAPPER.createObjectNode().put(field, value);
        answer(exchange, status, body);
    }

    public static void answer(Exchange exchange, int status, ObjectNode body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Json.write(body));
    }
}
