package io.dealsign.simulator.dottedsign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task to put straight into the simulator's store, without webhooks and without counting against the
 * monthly quota: for paging tests, demo data and "the task was already there" scenarios. Start from
 * {@link #withStatus(TaskStatus)} and refine with the {@code with...} methods.
 *
 * <p>Stage statuses are made consistent with the task status: a completed task has every stage
 * signed; a declined task has its first unsigned stage declined; otherwise the stages keep the
 * statuses given.
 *
 * @param createdAt null for "now" (or for {@code updatedAt} when that is earlier)
 * @param updatedAt null for "same as createdAt"
 * @param templateId null for a task made from an uploaded file
 */
public record SeedTask(String fileName, TaskStatus status, Map<String, String> metadata, List<Stage> stages,
                       Long templateId, Instant createdAt, Instant updatedAt) {

    public SeedTask {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("a seeded task needs a file name");
        }
        if (status == null) {
            throw new IllegalArgumentException("a seeded task needs a status");
        }
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        stages = stages == null || stages.isEmpty()
                ? List.of(new Stage("Seeded Signer", "seeded.signer@example.com", StageStatus.WAITING))
                : List.copyOf(stages);
        if (stages.stream().anyMatch(s -> s.name() == null || s.email() == null || s.status() == null)) {
            throw new IllegalArgumentException("every seeded stage needs a name, an email and a status");
        }
        if (createdAt != null && updatedAt != null && updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("updatedAt " + updatedAt + " is before createdAt " + createdAt);
        }
    }

    public static SeedTask withStatus(TaskStatus status) {
        return new SeedTask("Seeded task", status, Map.of(), List.of(), null, null, null);
    }

    public SeedTask withFileName(String newFileName) {
        return new SeedTask(newFileName, status, metadata, stages, templateId, createdAt, updatedAt);
    }

    public SeedTask withMetadata(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(metadata);
        more.put(key, value);
        return new SeedTask(fileName, status, more, stages, templateId, createdAt, updatedAt);
    }

    public SeedTask withStages(List<Stage> newStages) {
        return new SeedTask(fileName, status, metadata, newStages, templateId, createdAt, updatedAt);
    }

    public SeedTask withTemplateId(Long newTemplateId) {
        return new SeedTask(fileName, status, metadata, stages, newTemplateId, createdAt, updatedAt);
    }

    public SeedTask withCreatedAt(Instant newCreatedAt) {
        return new SeedTask(fileName, status, metadata, stages, templateId, newCreatedAt, updatedAt);
    }

    public SeedTask withUpdatedAt(Instant newUpdatedAt) {
        return new SeedTask(fileName, status, metadata, stages, templateId, createdAt, newUpdatedAt);
    }
}
