package io.dealsign.pipedrive;

import java.time.Instant;

/**
 * One page of {@code GET /api/v2/deals}, oldest change first. {@code updatedSince} (inclusive) and
 * {@code status} ({@code open}, {@code won}, {@code lost}, {@code deleted}, or comma-separated) may be
 * null; {@code cursor} is the previous page's {@link DealPage#nextCursor()} or null for the first page;
 * {@code limit} is 1 to 500 (anything else becomes 100).
 */
public record DealListRequest(Instant updatedSince, String status, String cursor, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public static DealListRequest changedSince(Instant updatedSince) {
        return new DealListRequest(updatedSince, null, null, MAX_LIMIT);
    }

    public DealListRequest next(String nextCursor) {
        return new DealListRequest(updatedSince, status, nextCursor, limit);
    }

    int effectiveLimit() {
        return limit < 1 || limit > MAX_LIMIT ? DEFAULT_LIMIT : limit;
    }
}
