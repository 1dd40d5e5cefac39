package io.dealsign.dottedsign;

/**
 * One page of the task list, most recently updated first.
 *
 * @param page    1-based
 * @param perPage 1 to 100 (DottedSign caps larger pages)
 */
public record TaskPageRequest(int page, int perPage) {

    public static final int MAX_PER_PAGE = 100;

    public TaskPageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page is 1-based, not " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("perPage must be 1 to " + MAX_PER_PAGE + ", not " + perPage);
        }
    }
}
