package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The bodies Pipedrive POSTs to a webhook, in both versions (reference §2.3 and §2.4). Ids in v2's
 * {@code meta} are strings as in the official docs; v1's {@code meta.id} is the deal id, a number.
 */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    static JsonObject build(String version, DealEvent event, Webhook webhook, int attempt, long companyId, String host) {
        return "1.0".equals(version) ? v1(event, webhook, attempt, companyId, host) : v2(event, webhook, attempt, companyId, host);
    }

    static JsonObject v2(DealEvent event, Webhook webhook, int attempt, long companyId, String host) {
        JsonObject meta = new JsonObject()
                .put("id", event.id())
                .put("correlation_id", UUID.nameUUIDFromBytes(event.id().getBytes(StandardCharsets.UTF_8)).toString())
                .put("action", event.v2Action())
                .put("entity", "deal")
                .put("entity_id", String.valueOf(event.dealId()))
                .put("attempt", attempt)
                .put("change_source", event.changeSource())
                .put("user_id", String.valueOf(event.userId()))
                .put("company_id", String.valueOf(companyId))
                .put("webhook_id", String.valueOf(webhook.id()))
                .put("webhook_owner_id", String.valueOf(webhook.userId()))
                .put("type", "general")
                .put("version", "2.0")
                .put("is_bulk_edit", false)
                .put("host", host)
                .put("timestamp", PipedriveTimes.isoMillis(event.timestamp()))
                .put("permitted_user_ids", permittedUserIds(event, true));
        if (event.mergedToId() != null) {
            meta.put("merged_to_id", String.valueOf(event.mergedToId()));
        }
        if (event.mergedFromId() != null) {
            meta.put("merged_from_id", String.valueOf(event.mergedFromId()));
        }
        return new JsonObject()
                .put("meta", meta)
                .put("data", event.current() == null ? null : event.current().toV2Json())
                .put("previous", event.previousV2() == null ? null : event.previousV2().copy());
    }

    /** v1: {@code previous} is the full object before the change, {@code current} null once deleted. */
    static JsonObject v1(DealEvent event, Webhook webhook, int attempt, long companyId, String host) {
        long epochMicros = event.timestamp().getEpochSecond() * 1_000_000 + event.timestamp().getNano() / 1_000;
        JsonObject noFilters = new JsonObject().put("current", new JsonArray()).put("previous", new JsonArray());
        JsonObject meta = new JsonObject()
                .put("v", 1)
                .put("action", event.v1Action())
                .put("object", "deal")
                .put("id", event.dealId())
                .put("company_id", companyId)
                .put("user_id", event.userId())
                .put("host", host)
                .put("timestamp", event.timestamp().getEpochSecond())
                .put("timestamp_micro", epochMicros)
                .put("permitted_user_ids", permittedUserIds(event, false))
                .put("trans_pending", false)
                .put("is_bulk_update", false)
                .put("pipedrive_service_name", false)
                .put("change_source", event.changeSource())
                .put("matches_filters", noFilters.copy())
                .put("webhook_id", webhook.id());
        return new JsonObject()
                .put("v", 1)
                .put("matches_filters", noFilters)
                .put("meta", meta)
                .put("retry", attempt - 1)
                .put("current", event.current() == null ? null : event.current().toV1Json())
                .put("previous", event.before() == null ? null : event.before().toV1Json())
                .put("event", event.v1EventName());
    }

    private static JsonArray permittedUserIds(DealEvent event, boolean asStrings) {
        Deal deal = event.current() != null ? event.current() : event.before();
        JsonArray ids = new JsonArray();
        for (long id : new long[]{deal.ownerId(), event.userId()}) {
            Object value = asStrings ? String.valueOf(id) : (Object) id;
            if (!ids.contains(value)) {
                ids.add(value);
            }
        }
        return ids;
    }
}
