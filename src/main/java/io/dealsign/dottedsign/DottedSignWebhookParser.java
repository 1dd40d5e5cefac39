package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.webhook.WebhookVerdict;

import java.time.Instant;
import java.util.Set;

/**
 * Reads a DottedSign webhook body tolerantly. The outcomes the flows act on (completed, declined,
 * expired, voided) become inbox entries; every other action, known or not, is acknowledged and logged.
 */
public final class DottedSignWebhookParser {

    public static final String SOURCE = "dottedsign";
    public static final String DEAL_ID_METADATA_KEY = "pipedrive_deal_id";
    static final Set<String> OUTCOMES = Set.of("completed", "declined", "expired", "voided");

    private DottedSignWebhookParser() {
    }

    public static WebhookVerdict parse(JsonNode root) throws InvalidJsonException {
        if (!root.isObject()) {
            throw new InvalidJsonException("the body must be a JSON object");
        }
        String resourceType = Json.text(root, "resource_type").orElse("task");
        String action = Json.text(root, "action_name").orElseThrow(() -> new InvalidJsonException("action_name is missing"));
        if (!resourceType.equals("task")) {
            return new WebhookVerdict.Ignore("not a task event (" + resourceType + " " + action + ")");
        }
        long taskId = Json.id(root, "resource_id")
                .orElseThrow(() -> new InvalidJsonException("resource_id (the task id) is missing or not a number"));
        JsonNode when = Json.field(root, "event_datetime")
                .orElseThrow(() -> new InvalidJsonException("event_datetime is missing"));
        if (!OUTCOMES.contains(action)) {
            return new WebhookVerdict.Ignore("task " + taskId + " " + action + ": no flow acts on it");
        }
        Instant occurredAt = Json.asInstant(when).orElseThrow(() -> new InvalidJsonException("event_datetime is not a time"));
        // DottedSign sends no event id: the task, the action and the time identify a delivery.
        String eventKey = taskId + ":" + action + ":" + when.asText();
        JsonNode task = Json.field(root, "task").orElse(null);
        Long dealId = Json.field(task, "metadata").flatMap(m -> Json.id(m, DEAL_ID_METADATA_KEY)).orElse(null);
        String status = Json.text(task, "status").orElse(null);
        TaskEvent event = new TaskEvent(eventKey, taskId, action, occurredAt, dealId, status);
        return new WebhookVerdict.Store(new InboxEntry(SOURCE, eventKey, "task." + action, "task:" + taskId,
                Json.write(event)));
    }
}
