package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.webhook.WebhookVerdict;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a Pipedrive webhook body, v2 or legacy v1, tolerantly: ids as numbers or strings, timestamps
 * as epoch or ISO, unknown fields ignored. Deal additions and deletions become inbox entries; changes
 * (including the echo of our own API writes) and other objects are acknowledged and ignored.
 */
public final class PipedriveWebhookParser {

    public static final String SOURCE = "pipedrive";

    private PipedriveWebhookParser() {
    }

    public static WebhookVerdict parse(byte[] body) throws InvalidJsonException {
        JsonNode root = Json.parse(body);
        if (!root.isObject()) {
            throw new InvalidJsonException("the body must be a JSON object");
        }
        JsonNode meta = Json.field(root, "meta").filter(JsonNode::isObject)
                .orElseThrow(() -> new InvalidJsonException("the body has no 'meta' object"));
        boolean v1 = Json.text(meta, "object").isPresent() || Json.text(root, "event").isPresent()
                || Json.field(root, "v").isPresent();
        return v1 ? parseV1(root, meta) : parseV2(root, meta);
    }

    private static WebhookVerdict parseV2(JsonNode root, JsonNode meta) throws InvalidJsonException {
        String entity = Json.text(meta, "entity").orElseThrow(() -> new InvalidJsonException("meta.entity is missing"));
        String action = Json.text(meta, "action").orElseThrow(() -> new InvalidJsonException("meta.action is missing"));
        if (!entity.equals("deal")) {
            return new WebhookVerdict.Ignore("not a deal event (" + action + "." + entity + ")");
        }
        String eventId = Json.text(meta, "id").orElseThrow(() -> new InvalidJsonException("meta.id (the event id) is missing"));
        long dealId = Json.id(meta, "entity_id")
                .or(() -> Json.field(root, "data").flatMap(d -> Json.id(d, "id")))
                .or(() -> Json.field(root, "previous").flatMap(p -> Json.id(p, "id")))
                .orElseThrow(() -> new InvalidJsonException("meta.entity_id (the deal id) is missing or not a number"));
        DealEvent.ChangeSource source = changeSource(Json.text(meta, "change_source"));
        Instant occurredAt = Json.instant(meta, "timestamp").orElse(Instant.now());
        Long mergedInto = Json.id(meta, "merged_to_id").orElse(null);
        return switch (action) {
            case "create" -> store(new DealEvent(eventId, DealEvent.Action.ADDED, dealId, source, occurredAt, null));
            case "delete" -> store(new DealEvent(eventId, DealEvent.Action.DELETED, dealId, source, occurredAt, mergedInto));
            case "change" -> ignoreChange(dealId, source);
            default -> new WebhookVerdict.Ignore("unknown deal action '" + action + "'");
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
            return new WebhookVerdict.Ignore("not a deal event (" + action + "." + object + ")");
        }
        long dealId = Json.id(meta, "id")
                .or(() -> Json.field(root, "current").flatMap(c -> Json.id(c, "id")))
                .or(() -> Json.field(root, "previous").flatMap(p -> Json.id(p, "id")))
                .orElseThrow(() -> new InvalidJsonException("meta.id (the deal id) is missing or not a number"));
        String timestamp = Json.field(meta, "timestamp").map(JsonNode::asText).orElse("");
        Instant occurredAt = Json.instant(meta, "timestamp").orElse(Instant.now());
        DealEvent.ChangeSource source = changeSource(Json.text(meta, "change_source"));
        // v1 has no event id: the deal, the action and the timestamp identify a delivery.
        String eventId = "v1:" + dealId + ":" + action + ":" + timestamp;
        return switch (action) {
            case "added" -> store(new DealEvent(eventId, DealEvent.Action.ADDED, dealId, source, occurredAt, null));
            case "deleted" -> store(new DealEvent(eventId, DealEvent.Action.DELETED, dealId, source, occurredAt,
                    Json.id(meta, "merged_to_id").orElse(null)));
            case "updated", "merged" -> ignoreChange(dealId, source);
            default -> new WebhookVerdict.Ignore("unknown deal action '" + action + "'");
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

    private static WebhookVerdict store(DealEvent event) {
        String kind = event.action() == DealEvent.Action.ADDED ? "deal.added" : "deal.deleted";
        return new WebhookVerdict.Store(new InboxEntry(SOURCE, event.eventId(), kind, "deal:" + event.dealId(),
                Json.write(event)));
    }
}
