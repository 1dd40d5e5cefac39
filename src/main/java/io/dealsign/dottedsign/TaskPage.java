package io.dealsign.dottedsign;

import java.util.List;

/**
 * One page of tasks, most recently updated first.
 *
 * @param totalPages as DottedSign says it; when DottedSign leaves it out, {@code currentPage} for a page
 *                   that is not full and {@code currentPage + 1} for a full one (so "is there more?" still
 *                   has an answer)
 */
public record TaskPage(List<SignTask> tasks, int currentPage, int totalPages) {

    public TaskPage {
        tasks = List.copyOf(tasks);
    }

    public boolean hasMore() {
        return currentPage < totalPages;
    }
}
