package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;

/**
 * A webhook subscription as registered through {@code POST /api/v1/webhooks}. The password is kept
 * to send Basic credentials, but never leaves the simulator in a response or in {@link #toString()}.
 */
public record Webhook(long id, String subscriptionUrl, String eventAction, String eventObject, String version,
                      String httpAuthUser, String httpAuthPassword, String name, long userId, long companyId,
                      Instant addTime) {

    static final Set<String> V2_ACTIONS = Set.of("create", "change", "delete", "*");
    static final Set<String> V1_ACTIONS = Set.of("added", "updated", "deleted", "merged", "*");
    static final Set<String> OBJECTS = Set.of("activity", "deal", "lead", "note", "organization", "person",
            "pipeline", "product", "stage", "user", "deal_installment", "deal_product", "project", "task",
            "board", "phase", "*");

    /** Whether this subscription wants the event, by either vocabulary of its {@code event_action}. */
    public boolean wants(DealEvent event) {
        boolean objectMatches = "*".equals(eventObject) || "deal".equals(eventObject);
        boolean actionMatches = "*".equals(eventAction) || eventAction.equals(event.v2Action())
                || eventAction.equals(event.v1Action());
        return objectMatches && actionMatches;
    }

    public boolean hasBasicAuth() {
        return httpAuthUser != null && !httpAuthUser.isEmpty();
    }

    /** The v1 webhook object; {@code http_auth_password} is always null here, whatever was registered. */
    JsonObject toV1Json(Instant lastDeliveryTime, Integer lastHttpStatus) {
        return new JsonObject()
                .put("id", id)
                .put("company_id", companyId)
                .put("owner_id", userId)
                .put("user_id", userId)
                .put("admin_id", userId)
                .put("event_action", eventAction)
                .put("event_object", eventObject)
                .put("subscription_url", subscriptionUrl)
                .put("version", version)
                .put("is_active", 1)
                .put("add_time", PipedriveTimes.v1(addTime))
                .put("remove_time", null)
                .put("type", "general")
                .put("http_auth_user", httpAuthUser)
                .put("http_auth_password", null)
                .put("remove_reason", null)
                .put("last_delivery_time", PipedriveTimes.v1(lastDeliveryTime))
                .put("last_http_status", lastHttpStatus)
                .put("name", name);
    }

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", " + eventAction + "." + eventObject + " v" + version + " -> " + subscriptionUrl
                + (hasBasicAuth() ? " (basic auth as " + httpAuthUser + ")" : "") + "]";
    }
}
