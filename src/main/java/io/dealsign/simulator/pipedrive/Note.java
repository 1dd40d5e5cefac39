package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A note on a deal ({@code POST /api/v1/notes}); {@code content} is HTML, stored as sent. */
public record Note(long id, String content, long dealId, long userId, boolean pinnedToDeal, Instant addTime) {

    JsonObject toV1Json(String dealTitle) {
        return new JsonObject()
                .put("id", id)
                .put("user_id", userId)
                .put("deal_id", dealId)
                .put("person_id", null)
                .put("org_id", null)
                .put("lead_id", null)
                .put("content", content)
                .put("add_time", PipedriveTimes.v1(addTime))
                .put("update_time", PipedriveTimes.v1(addTime))
                .put("active_flag", true)
                .put("pinned_to_deal_flag", pinnedToDeal)
                .put("deal", new JsonObject().put("title", dealTitle));
    }
}
