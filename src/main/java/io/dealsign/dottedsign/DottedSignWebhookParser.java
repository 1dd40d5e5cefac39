package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.webhook.Untrusted;
import io.dealsign.webhook.WebhookVerdict;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a DottedSign webhook body. The fields every event has ({@code action_name}, and for a task
 * {@code resource_id} and {@code event_datetime}) must be there with the right type, or the answer is
 * 400 naming the field. The optional {@code task} is read tolerantly: an unexpected shape there only
 * means the deal id is looked up elsewhere. The outcomes the flows act on (completed, declined,
 * expired, voided) become inbox entries; every other action, known or not, is acknowledged and logged.
 */
public final class DottedSignWebhookParser {

    public static final String SOURCE = "dottedsign";
    public static final String DEAL_ID_METADATA_KEY = "pipedrive_deal_id";
    static final Set<String> OUTCOMES = Set.of("completed", "declined", "expired", "voided");
    /** The inbox's event_key column. */
    private static final int MAX_EVENT_KEY_LENGTH = 200;

    private DottedSignWebhookParser() {
    }

    public static WebhookVerdict parse(JsonNode root) throws InvalidJsonException {
        if (!root.isObject()) {
            throw new InvalidJsonException("the body must be a JSON object, not " + Json.kind(root));
        }
        String resourceType = optionalString(root, "resource_type").orElse("task");
        String action = requiredString(root, "action_name");
        if (!resourceType.equals("task")) {
            return new WebhookVerdict.Ignore("not a task event (" + Untrusted.text(resourceType) + " "
                    + Untrusted.text(action) + ")");
        }
        long taskId = Json.positiveId(root, "resource_id").orElseThrow(() -> new InvalidJsonException(
                "resource_id (the task id) must be a positive integer or a string of digits, not "
                        + describe(root.get("resource_id"))));
        Instant occurredAt = eventTime(root).orElseThrow(() -> new InvalidJsonException(
                "event_datetime must be a time (epoch seconds, epoch milliseconds or ISO-8601), not "
                        + describe(root.get("event_datetime"))));
        if (!OUTCOMES.contains(action)) {
            return new WebhookVerdict.Ignore("task " + taskId + " " + Untrusted.text(action) + ": no flow acts on it");
        }
        // DottedSign sends no event id: the task, the action and the time identify a delivery.
        String eventKey = taskId + ":" + action + ":" + root.get("event_datetime").asText();
        if (eventKey.length() > MAX_EVENT_KEY_LENGTH) {
            throw new InvalidJsonException("event_datetime is too long to be a time");
        }
        JsonNode task = Json.field(root, "task").filter(JsonNode::isObject).orElse(null);
        Long dealId = Json.field(task, "metadata").flatMap(m -> Json.positiveId(m, DEAL_ID_METADATA_KEY)).orElse(null);
        String status = Json.text(task, "status").map(Untrusted::text).orElse(null);
        TaskEvent event = new TaskEvent(eventKey, taskId, action, occurredAt, dealId, status);
        return new WebhookVerdict.Store(new InboxEntry(SOURCE, eventKey, "task." + action, "task:" + taskId,
                Json.write(event)));
    }

    /** When the event happened, if the body says so readably; the replay window is checked against it. */
    public static Optional<Instant> eventTime(JsonNode root) {
        return Json.field(root, "event_datetime").flatMap(Json::asInstant);
    }

    private static String requiredString(JsonNode root, String name) throws InvalidJsonException {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidJsonException(name + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidJsonException(name + " must be a non-empty string, not " + describe(value));
        }
        return value.asText();
    }

    private static Optional<String> optionalString(JsonNode root, String name) throws InvalidJsonException {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidJsonException(name + " must be a string, not " + describe(value));
        }
        return Optional.of(value.asText());
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "missing";
        }
        return value.isValueNode() ? Json.kind(value) + " (" + Untrusted.text(value.asText()) + ")" : Json.kind(value);
    }
}
