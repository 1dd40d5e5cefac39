package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dealsign.json.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pipedrive's JSON answers read into our records, tolerantly (API-CONTRACT.md): ids as numbers or strings,
 * unknown fields ignored, optional fields missing or null, v1 and v2 spellings where they differ.
 */
final class PipedriveJson {

    /** Amounts stay exact: 1500.10 must not become 1500.0999999. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private PipedriveJson() {
    }

    /** The body as a JSON object, or empty when it is not one (an HTML page, an empty body, garbage). */
    static Optional<JsonNode> object(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = READER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }

    static Deal deal(JsonNode deal) {
        long id = requiredId(deal, "id", "deal");
        String status = Json.text(deal, "status").orElse(null);
        boolean deleted = flag(deal, "is_deleted") || flag(deal, "deleted") || "deleted".equals(status);
        return new Deal(id,
                Json.text(deal, "title").orElse(null),
                status,
                relatedId(deal, "person_id").orElse(null),
                relatedId(deal, "owner_id").or(() -> relatedId(deal, "user_id")).orElse(null),
                Json.id(deal, "stage_id").orElse(null),
                Json.id(deal, "pipeline_id").orElse(null),
                decimal(deal, "value"),
                Json.text(deal, "currency").orElse(null),
                Json.instant(deal, "update_time").orElse(null),
                deleted);
    }

    static Person person(JsonNode person) {
        long id = requiredId(person, "id", "person");
        JsonNode emails = Json.field(person, "emails").or(() -> Json.field(person, "email")).orElse(null);
        List<Person.Email> list = new ArrayList<>();
        if (emails != null && emails.isArray()) {
            for (JsonNode item : emails) {
                email(item).ifPresent(list::add);
            }
        }
        String name = Json.text(person, "name").orElseGet(() -> {
            String joined = (Json.text(person, "first_name").orElse("") + " " + Json.text(person, "last_name").orElse("")).trim();
            return joined.isEmpty() ? null : joined;
        });
        return new Person(id, name, list);
    }

    static DealFile file(JsonNode file) {
        return new DealFile(requiredId(file, "id", "file"),
                Json.text(file, "name").or(() -> Json.text(file, "file_name")).orElse(null),
                Json.id(file, "deal_id").orElse(null),
                Json.id(file, "file_size").orElse(null));
    }

    static DealNote note(JsonNode note) {
        return new DealNote(requiredId(note, "id", "note"), Json.id(note, "deal_id").orElse(null),
                Json.text(note, "content").orElse(""));
    }

    static long noteId(JsonNode note) {
        return requiredId(note, "id", "note");
    }

    static DealPage dealPage(JsonNode answer) {
        List<Deal> deals = new ArrayList<>();
        for (JsonNode deal : items(answer)) {
            deals.add(deal(deal));
        }
        String next = Json.field(answer, "additional_data").flatMap(a -> Json.text(a, "next_cursor")).orElse(null);
        return new DealPage(deals, next);
    }

    /** The items of a list answer; v1 may say {@code data: null} for none. */
    static List<JsonNode> items(JsonNode answer) {
        List<JsonNode> items = new ArrayList<>();
        Json.field(answer, "data").filter(JsonNode::isArray).ifPresent(data -> data.forEach(items::add));
        return items;
    }

    /** v1 offset paging: the next {@code start}, or empty on the last page. */
    static Optional<Integer> nextStart(JsonNode answer, int start, int pageSize) {
        Optional<JsonNode> pagination = Json.field(answer, "additional_data").flatMap(a -> Json.field(a, "pagination"));
        if (pagination.isEmpty() || !flag(pagination.get(), "more_items_in_collection")) {
            return Optional.empty();
        }
        int next = Json.id(pagination.get(), "next_start").map(Long::intValue).orElse(start + pageSize);
        // a next page that does not move forward would loop for ever
        return next > start ? Optional.of(next) : Optional.empty();
    }

    /** The {@code data} object of a single-item answer. */
    static List<WebhookSubscription> webhooks(JsonNode answer) {
        List<WebhookSubscription> webhooks = new ArrayList<>();
        Json.field(answer, "data").filter(JsonNode::isArray).ifPresent(data -> data.forEach(hook -> webhooks.add(webhook(hook))));
        return webhooks;
    }

    static WebhookSubscription webhook(JsonNode hook) {
        return new WebhookSubscription(requiredId(hook, "id", "webhook"), Json.text(hook, "subscription_url").orElse(null),
                Json.text(hook, "event_action").orElse(null), Json.text(hook, "event_object").orElse(null),
                Json.text(hook, "version").orElse(null), Json.text(hook, "http_auth_user").orElse(null));
    }

    static JsonNode data(JsonNode answer, String what) {
        return Json.field(answer, "data").filter(JsonNode::isObject)
                .orElseThrow(() -> new PipedriveApiException(200, "the answer has no " + what + " in data", null));
    }

    private static Optional<Person.Email> email(JsonNode item) {
        if (item.isTextual()) {
            return item.asText().isBlank() ? Optional.empty() : Optional.of(new Person.Email(item.asText().trim(), false, null));
        }
        if (!item.isObject()) {
            return Optional.empty();
        }
        Optional<String> value = Json.text(item, "value");
        return value.map(v -> new Person.Email(v.trim(), flag(item, "primary"), Json.text(item, "label").orElse(null)));
    }

    /** v2 gives related ids as numbers; v1 as objects with {@code value} (or {@code id}). */
    private static Optional<Long> relatedId(JsonNode node, String field) {
        return Json.field(node, field).flatMap(value -> value.isObject()
                ? Json.id(value, "value").or(() -> Json.id(value, "id"))
                : Json.asId(value));
    }

    private static long requiredId(JsonNode node, String field, String what) {
        return Json.id(node, field).orElseThrow(() -> new PipedriveApiException(200, "the " + what + " in the answer has no id", null));
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return Json.field(node, field).flatMap(value -> {
            if (value.isNumber()) {
                return Optional.of(value.decimalValue());
            }
            if (value.isTextual()) {
                try {
                    return Optional.of(new BigDecimal(value.asText().trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }).orElse(null);
    }

    /** true, "true", 1 or "1". */
    static boolean flag(JsonNode node, String field) {
        return Json.field(node, field).map(value -> value.isBoolean() ? value.asBoolean()
                : value.isNumber() ? value.asInt() != 0
                : value.isTextual() && (value.asText().trim().equalsIgnoreCase("true") || value.asText().trim().equals("1")))
                .orElse(false);
    }
}
