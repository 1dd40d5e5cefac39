package io.dealsign.simulator.dottedsign;

import java.util.List;

/** One page of the task list, with the paging numbers the list endpoint returns. */
record TaskPage(List<Task> tasks, int currentPage, int totalPages, int totalCount) { }
