package io.dealsign.simulator.pipedrive;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields to change on a deal, by their v2 JSON names ({@code status}, {@code stage_id},
 * {@code pipeline_id}, {@code lost_reason}, {@code title}, {@code value}, {@code currency},
 * {@code person_id}, {@code org_id}, {@code owner_id}), with JSON-typed values. One shape for the REST
 * PATCH body and for a sales rep's edit, so both are validated by the same rules.
 */
public record DealChange(Map<String, Object> fields) {

    public DealChange {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static DealChange of(String field, Object value) {
        return new DealChange(Map.of()).and(field, value);
    }

    public static DealChange status(String status) {
        return of("status", status);
    }

    public static DealChange stage(long pipelineId, long stageId) {
        return of("pipeline_id", pipelineId).and("stage_id", stageId);
    }

    public static DealChange title(String title) {
        return of("title", title);
    }

    public static DealChange lost(String reason) {
        return status("lost").and("lost_reason", reason);
    }

    public DealChange and(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(field, value);
        return new DealChange(copy);
    }
}
