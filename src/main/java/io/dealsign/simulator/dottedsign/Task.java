package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sign task as the simulator holds it: an immutable snapshot, replaced as a whole on every change,
 * so a snapshot handed to a test or put into a webhook body never changes under its reader.
 *
 * @param templateId null when the task was created from an uploaded file ({@code base64_file})
 * @param discarded  true once discarded: the API then answers {@code 400033 task_deleted} and the list
 *                   omits it; the status stays what it was when it was discarded
 */
public record Task(long taskId, String fileName, Long templateId, TaskStatus status,
                   Map<String, String> metadata, List<Stage> stages,
                   Instant createdAt, Instant updatedAt, boolean discarded) {

    /** ISO-8601 with millisecond precision and an explicit offset ({@code +00:00}, never {@code Z}). */
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    public Task {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        stages = List.copyOf(stages);
    }

    /** The stage whose signer acts next (signing is sequential), if any is left. */
    public Optional<Stage> nextUnsignedStage() {
        return stages.stream().filter(s -> s.status() == StageStatus.WAITING).findFirst();
    }

    public int signedStageCount() {
        return (int) stages.stream().filter(s -> s.status() == StageStatus.SIGNED).count();
    }

    Task withStatus(TaskStatus newStatus, Instant now) {
        return new Task(taskId, fileName, templateId, newStatus, metadata, stages, createdAt, now, discarded);
    }

    Task withStage(int index, StageStatus stageStatus, Instant now) {
        List<Stage> changed = new ArrayList<>(stages);
        changed.set(index, stages.get(index).withStatus(stageStatus));
        return new Task(taskId, fileName, templateId, status, metadata, changed, createdAt, now, discarded);
    }

    Task asDiscarded(Instant now) {
        return new Task(taskId, fileName, templateId, status, metadata, stages, createdAt, now, true);
    }

    /** The {@code Task} object of the API (list, read and webhook {@code task}). */
    public JsonObject toApiJson(ZoneId zone) {
        JsonArray stageArray = new JsonArray();
        stages.forEach(s -> stageArray.add(s.toApiJson()));
        return new JsonObject()
                .put("task_id", taskId)
                .put("file_name", fileName)
                .put("status", status.wireName())
                .put("metadata", new JsonObject(new LinkedHashMap<>(metadata)))
                .put("created_at", apiTime(createdAt, zone))
                .put("updated_at", apiTime(updatedAt, zone))
                .put("stages", stageArray)
                .put("template_id", templateId);
    }

    static String apiTime(Instant instant, ZoneId zone) {
        return API_TIME.format(instant.atZone(zone));
    }
}
