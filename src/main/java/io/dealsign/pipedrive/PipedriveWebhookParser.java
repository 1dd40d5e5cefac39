package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.webhook.Untrusted;
import io.dealsign.webhook.WebhookVerdict;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a Pipedrive webhook body, v2 or legacy v1: ids as numbers or strings, timestamps as epoch or
 * ISO, unknown fields ignored. The fields an event is identified by ({@code meta}, its action and
 * object, the event and deal ids) must be there with the right type, or the answer is 400 naming the
 * field; an id given but not a positive integer is refused rather than guessed around. Deal additions
 * and deletions become inbox entries; changes (including the echo of our own API writes) and other
 * objects are acknowledged and ignored.
 */
public final class PipedriveWebhookParser {

    public static final String SOURCE = "pipedrive";
    /** The inbox's event_key column. */
    private static final int MAX_EVENT_KEY_LENGTH = 200;

    private PipedriveWebhookParser() {
    }

    public static WebhookVerdict parse(byte[] body) throws InvalidJsonException {
        JsonNode root = Json.parse(body);
        if (!root.isObject()) {
            throw new InvalidJsonException("the body must be a JSON object, not " + Json.kind(root));
        }
        JsonNode meta = root.get("meta");
        if (meta == null || meta.isNull()) {
            throw new InvalidJsonException("the body has no 'meta' object");
        }
        if (!meta.isObject()) {
            throw new InvalidJsonException("meta must be an object, not " + Json.kind(meta));
        }
        boolean v1 = meta.hasNonNull("object") || root.hasNonNull("event") || root.hasNonNull("v");
        return v1 ? parseV1(root, meta) : parseV2(root, meta);
    }

    private static WebhookVerdict parseV2(JsonNode root, JsonNode meta) throws InvalidJsonException {
        String entity = requiredString(meta, "entity");
        String action = requiredString(meta, "action");
        if (!entity.equals("deal")) {
            return new WebhookVerdict.Ignore("not a deal event (" + Untrusted.text(action) + "." + Untrusted.text(entity) + ")");
        }
        JsonNode id = meta.get("id");
        if (id == null || id.isNull()) {
            throw new InvalidJsonException("meta.id (the event id) is missing");
        }
        if (!(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new InvalidJsonException("meta.id (the event id) must be a string, not " + describe(id));
        }
        String eventId = id.asText();
        long dealId = optionalId(meta, "entity_id", "meta.entity_id (the deal id)")
                .or(() -> Json.field(root, "data").flatMap(d -> Json.positiveId(d, "id")))
                .or(() -> Json.field(root, "previous").flatMap(p -> Json.positiveId(p, "id")))
                .orElseThrow(() -> new InvalidJsonException("meta.entity_id (the deal id) is missing"));
        DealEvent.ChangeSource source = changeSource(Json.text(meta, "change_source"));
        Instant occurredAt = Json.instant(meta, "timestamp").orElse(Instant.now());
        return switch (action) {
            case "create" -> store(new DealEvent(eventId, DealEvent.Action.ADDED, dealId, source, occurredAt, null));
            case "delete" -> store(new DealEvent(eventId, DealEvent.Action.DELETED, dealId, source, occurredAt,
                    optionalId(meta, "merged_to_id", "meta.merged_to_id").orElse(null)));
            case "change" -> ignoreChange(dealId, source);
            default -> new WebhookVerdict.Ignore("unknown deal action '" + Untrusted.text(action) + "'");
        };
    }

    private static WebhookVerdict parseV1(JsonNode root, JsonNode meta) throws InvalidJsonException {
        String event = Json.text(root, "event").orElse("");
        String action = Json.text(meta, "action").orElse(event.contains(".") ? event.substring(0, event.indexOf('.')) : "");
        String object = Json.text(meta, "object").orElse(event.contains(".") ? event.substring(event.indexOf('.') + 1) : "");
        if (action.isEmpty() || object.isEmpty()) {
            throw new InvalidJsonException("meta.action and meta.object are missing");
        }
        if (!object.equals("deal")) {
            return new WebhookVerdict.Ignore("not a deal event (" + Untrusted.text(action) + "." + Untrusted.text(object) + ")");
        }
        long dealId = optionalId(meta, "id", "meta.id (the deal id)")
                .or(() -> Json.field(root, "current").flatMap(c -> Json.positiveId(c, "id")))
                .or(() -> Json.field(root, "previous").flatMap(p -> Json.positiveId(p, "id")))
                .orElseThrow(() -> new InvalidJsonException("meta.id (the deal id) is missing"));
        String timestamp = Json.field(meta, "timestamp").map(JsonNode::asText).orElse("");
        Instant occurredAt = Json.instant(meta, "timestamp").orElse(Instant.now());
        DealEvent.ChangeSource source = changeSource(Json.text(meta, "change_source"));
        // v1 has no event id: the deal, the action and the timestamp identify a delivery.
        String eventId = "v1:" + dealId + ":" + action + ":" + timestamp;
        return switch (action) {
            case "added" -> store(new DealEvent(eventId, DealEvent.Action.ADDED, dealId, source, occurredAt, null));
            case "deleted" -> store(new DealEvent(eventId, DealEvent.Action.DELETED, dealId, source, occurredAt,
                    optionalId(meta, "merged_to_id", "meta.merged_to_id").orElse(null)));
            case "updated", "merged" -> ignoreChange(dealId, source);
            default -> new WebhookVerdict.Ignore("unknown deal action '" + Untrusted.text(action) + "'");
        };
    }

    private static WebhookVerdict ignoreChange(long dealId, DealEvent.ChangeSource source) {
        return new WebhookVerdict.Ignore(source == DealEvent.ChangeSource.API
                ? "deal " + dealId + " changed through the API (our own write comes back): no action"
                : "deal " + dealId + " changed: no flow acts on deal changes");
    }

    private static DealEvent.ChangeSource changeSource(Optional<String> value) {
        return switch (value.orElse("").toLowerCase(Locale.ROOT)) {
            case "app" -> DealEvent.ChangeSource.APP;
            case "api" -> DealEvent.ChangeSource.API;
            default -> DealEvent.ChangeSource.UNKNOWN;
        };
    }

    private static String requiredString(JsonNode meta, String name) throws InvalidJsonException {
        JsonNode value = meta.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidJsonException("meta." + name + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidJsonException("meta." + name + " must be a non-empty string, not " + describe(value));
        }
        return value.asText();
    }

    /** Empty when absent or null; 400 when present but not a positive integer (or a string of one). */
    private static Optional<Long> optionalId(JsonNode node, String name, String what) throws InvalidJsonException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<Long> id = Json.asId(value).filter(v -> v > 0);
        if (id.isEmpty()) {
            throw new InvalidJsonException(what + " must be a positive integer or a string of digits, not " + describe(value));
        }
        return id;
    }

    private static String describe(JsonNode value) {
        return value.isValueNode() ? Json.kind(value) + " (" + Untrusted.text(value.asText()) + ")" : Json.kind(value);
    }

    private static WebhookVerdict store(DealEvent event) throws InvalidJsonException {
        if (event.eventId().length() > MAX_EVENT_KEY_LENGTH) {
            throw new InvalidJsonException("the event id (meta.id, or meta.timestamp in v1) is longer than "
                    + MAX_EVENT_KEY_LENGTH + " characters");
        }
        String kind = event.action() == DealEvent.Action.ADDED ? "deal.added" : "deal.deleted";
        return new WebhookVerdict.Store(new InboxEntry(SOURCE, event.eventId(), kind, "deal:" + event.dealId(),
                Json.write(event)));
    }
}
