package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A file attached to a deal through {@code POST /api/v1/files}, with its bytes. {@code name} is the
 * uploaded filename; {@code storedName} is Pipedrive's stored variant with a suffix (its {@code file_name}).
 */
public record StoredFile(long id, String name, String storedName, long dealId, String contentType,
                         String fileType, byte[] bytes, long userId, Instant addTime) {

    public long size() {
        return bytes.length;
    }

    /** The v1 file object; {@code url} points at this simulator's download endpoint. */
    JsonObject toV1Json(String baseUrl, String dealTitle) {
        return new JsonObject()
                .put("id", id)
                .put("user_id", userId)
                .put("deal_id", dealId)
                .put("person_id", null)
                .put("org_id", null)
                .put("product_id", null)
                .put("activity_id", null)
                .put("lead_id", null)
                .put("add_time", PipedriveTimes.v1(addTime))
                .put("update_time", PipedriveTimes.v1(addTime))
                .put("file_name", storedName)
                .put("file_type", fileType)
                .put("file_size", size())
                .put("active_flag", true)
                .put("inline_flag", false)
                .put("remote_location", "s3")
                .put("remote_id", null)
                .put("s3_bucket", null)
                .put("deal_name", dealTitle)
                .put("person_name", null)
                .put("org_name", null)
                .put("name", name)
                .put("description", null)
                .put("url", baseUrl + "/api/v1/files/" + id + "/download");
    }
}
