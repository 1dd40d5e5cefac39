package io.dealsign.admin;

import io.dealsign.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Writes an {@link AdminAnswer} as the HTTP response: JSON, {@code Cache-Control: no-store}, and no
 * header of the request (credentials included). Texts that come from elsewhere (an event's last error,
 * a poller's last result, an API's error message) could in theory quote a credential, so every
 * configured secret is replaced by {@value #REDACTED} in the written body, whatever field it is in.
 */
final class AnswerWriter {

    static final String REDACTED = "[redacted]";
    /** Shorter values (a database user "sa") would blank out ordinary words. */
    private static final int SHORTEST_SECRET = 6;

    private final List<String> secrets;
    private final List<String> plainSecrets;

    AnswerWriter(List<String> secrets) {
        this.plainSecrets = secrets.stream().filter(Objects::nonNull).map(String::strip)
                .filter(secret -> secret.length() >= SHORTEST_SECRET)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        this.secrets = plainSecrets.stream()
                // as JSON writes them (a quote or backslash in a secret is escaped in the body)
                .map(secret -> {
                    String quoted = Json.write(secret);
                    return quoted.substring(1, quoted.length() - 1);
                })
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    void write(Exchange exchange, AdminAnswer answer) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Cache-Control", "no-store");
        answer.headers().forEach(message::setHeader);
        message.setBody(redact(Json.write(answer.body())));
    }

    /** The same for a text as it is, before any escaping (the admin page escapes after redacting). */
    String redactText(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : plainSecrets) {
            redacted = redacted.replace(secret, REDACTED);
        }
        return redacted;
    }

    String redact(String json) {
        String text = json;
        for (String secret : secrets) {
            text = text.replace(secret, REDACTED);
        }
        return text;
    }
}
