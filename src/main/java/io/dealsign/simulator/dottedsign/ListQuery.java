package io.dealsign.simulator.dottedsign;

import io.vertx.core.MultiMap;

import java.util.Comparator;
import java.util.Locale;

/**
 * A validated {@code GET /v1/sign_tasks/list} query. ASSUMED where DottedSign is silent: defaults
 * {@code page=1}, {@code per_page=20}, {@code sort_type=updated_at}, {@code order_by=desc}; a
 * {@code per_page} above 100 is capped at 100 (Rails paginators cap rather than refuse); ties sort by
 * task id in the same direction, so pages never overlap.
 *
 * @param status        null for every status
 * @param metadataKey   null unless filtering by a metadata pair (then {@code metadataValue} is set too)
 */
record ListQuery(int page, int perPage, String sortType, boolean descending, TaskStatus status,
                 String metadataKey, String metadataValue) {

    static final int DEFAULT_PER_PAGE = 20;
    static final int MAX_PER_PAGE = 100;

    static ListQuery parse(MultiMap query) {
        int page = Params.positiveInt(query.get("page"), "page", 1);
        int perPage = Math.min(MAX_PER_PAGE, Params.positiveInt(query.get("per_page"), "per_page", DEFAULT_PER_PAGE));
        String sortType = orDefault(query.get("sort_type"), "updated_at");
        if (!sortType.equals("updated_at") && !sortType.equals("created_at")) {
            throw ApiError.invalidParams("sort_type must be updated_at or created_at, got " + sortType);
        }
        String orderBy = orDefault(query.get("order_by"), "desc").toLowerCase(Locale.ROOT);
        if (!orderBy.equals("asc") && !orderBy.equals("desc")) {
            throw ApiError.invalidParams("order_by must be asc or desc, got " + orderBy);
        }
        TaskStatus status = null;
        String statusParam = query.get("status");
        if (statusParam != null && !statusParam.isBlank()) {
            status = TaskStatus.fromWireName(statusParam.trim())
                    .orElseThrow(() -> ApiError.invalidParams("status must be one of draft, waiting, completed, declined, voided, expired; got " + statusParam));
        }
        String key = blankToNull(query.get("metadata_key"));
        String value = blankToNull(query.get("metadata_value"));
        if ((key == null) != (value == null)) {
            throw ApiError.invalidParams("metadata_key and metadata_value must be sent together");
        }
        return new ListQuery(page, perPage, sortType, orderBy.equals("desc"), status, key, value);
    }

    boolean matches(Task task) {
        return !task.discarded()
                && (status == null || task.status() == status)
                && (metadataKey == null || metadataValue.equals(task.metadata().get(metadataKey)));
    }

    Comparator<Task> order() {
        Comparator<Task> byTime = sortType.equals("created_at")
                ? Comparator.comparing(Task::createdAt)
                : Comparator.comparing(Task::updatedAt);
        Comparator<Task> ascending = byTime.thenComparingLong(Task::taskId);
        return descending ? ascending.reversed() : ascending;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
