package io.dealsign.dottedsign;

import java.util.List;

/**
 * One page of tasks, most recently updated first.
 *
 * @param totalPages as DottedSign says it; when DottedSign leaves it out, {@code currentPage + 1} after a
 *                   page with tasks and {@code currentPage} after an empty one (so "is there more?" still
 *                   has an answer, at the cost of one empty page at the end)
 */
public record TaskPage(List<SignTask> tasks, int currentPage, int totalPages) {

    public TaskPage {
        tasks = List.copyOf(tasks);
    }

    public boolean hasMore() {
        return currentPage < totalPages;
    }
}
