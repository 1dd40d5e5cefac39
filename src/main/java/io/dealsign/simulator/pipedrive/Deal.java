package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A deal as the simulator stores it. Immutable snapshot; the store replaces it on every change.
 * {@code deleteTime} is when the deal was deleted (null while it is not); a deleted deal stays
 * readable and listable with {@code status=deleted} for 30 days, as Pipedrive documents.
 */
public record Deal(long id, String title, String status, Long personId, Long orgId, long ownerId,
                   long creatorUserId, long pipelineId, long stageId, double value, String currency,
                   String lostReason, Instant addTime, Instant updateTime, Instant stageChangeTime,
                   Instant wonTime, Instant lostTime, Instant closeTime, Instant deleteTime) {

    public boolean isDeleted() {
        return deleteTime != null;
    }

    /** The v2 shape of REST bodies and v2 webhooks: plain integer ids, RFC 3339 UTC times, {@code is_deleted}. */
    public JsonObject toV2Json() {
        return new JsonObject()
                .put("id", id)
                .put("title", title)
                .put("creator_user_id", creatorUserId)
                .put("owner_id", ownerId)
                .put("person_id", personId)
                .put("org_id", orgId)
                .put("pipeline_id", pipelineId)
                .put("stage_id", stageId)
                .put("value", number(value))
                .put("currency", currency)
                .put("status", status)
                .put("probability", null)
                .put("lost_reason", lostReason)
                .put("add_time", PipedriveTimes.rfc3339(addTime))
                .put("update_time", PipedriveTimes.rfc3339(updateTime))
                .put("stage_change_time", PipedriveTimes.rfc3339(stageChangeTime))
                .put("won_time", PipedriveTimes.rfc3339(wonTime))
                .put("lost_time", PipedriveTimes.rfc3339(lostTime))
                .put("close_time", PipedriveTimes.rfc3339(closeTime))
                .put("expected_close_date", null)
                .put("is_deleted", isDeleted())
                .put("is_archived", false)
                .put("visible_to", "3")
                .put("label_ids", new JsonArray())
                .put("custom_fields", new JsonObject());
    }

    /**
     * The v1 shape used in v1 webhooks' {@code current}/{@code previous}: owner as {@code user_id},
     * {@code YYYY-MM-DD HH:MM:SS} times, {@code active}/{@code deleted} flags, status "deleted" once deleted.
     */
    public JsonObject toV1Json() {
        return new JsonObject()
                .put("id", id)
                .put("title", title)
                .put("creator_user_id", creatorUserId)
                .put("user_id", ownerId)
                .put("person_id", personId)
                .put("org_id", orgId)
                .put("pipeline_id", pipelineId)
                .put("stage_id", stageId)
                .put("value", number(value))
                .put("currency", currency)
                .put("formatted_value", formattedValue())
                .put("status", isDeleted() ? "deleted" : status)
                .put("active", !isDeleted() && "open".equals(status))
                .put("deleted", isDeleted())
                .put("lost_reason", lostReason)
                .put("add_time", PipedriveTimes.v1(addTime))
                .put("update_time", PipedriveTimes.v1(updateTime))
                .put("stage_change_time", PipedriveTimes.v1(stageChangeTime))
                .put("won_time", PipedriveTimes.v1(wonTime))
                .put("lost_time", PipedriveTimes.v1(lostTime))
                .put("close_time", PipedriveTimes.v1(closeTime))
                .put("visible_to", "3");
    }

    private String formattedValue() {
        Number n = number(value);
        return n + " " + currency;
    }

    /** Whole values as integers ({@code 100}, not {@code 100.0}), as Pipedrive writes them. */
    static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
