package io.dealsign.dottedsign;

import io.dealsign.binding.Binding;
import io.dealsign.binding.Bindings;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.Json;
import io.dealsign.pipedrive.DealEvent;
import io.dealsign.polling.PollSummary;
import io.dealsign.polling.Watermarks;
import org.apache.camel.ProducerTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Finds what DottedSign's webhooks did not tell us. DottedSign has no "updated since" filter, so the
 * task list is read newest-updated first, page by page, only down to the watermark: a cycle costs
 * pages in proportion to the changes since the last one, not to the number of tasks. Each change a
 * flow must act on becomes the same inbox event a webhook would have stored.
 */
public class TaskPoller {

    public static final String NAME = "dottedsign-tasks";
    static final Set<String> OUTCOMES = Set.of("completed", "declined", "expired", "voided");

    private final ProducerTemplate api;
    private final Bindings bindings;
    private final Inbox inbox;
    private final Watermarks watermarks;
    private final Duration firstLookBack;
    private final int pageSize;
    private final Clock clock;

    public TaskPoller(ProducerTemplate api, Bindings bindings, Inbox inbox, Watermarks watermarks, Duration firstLookBack,
                      int pageSize, Clock clock) {
        this.api = api;
        this.bindings = bindings;
        this.inbox = inbox;
        this.watermarks = watermarks;
        this.firstLookBack = firstLookBack;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    public PollSummary poll() {
        Instant watermark = watermarks.current(NAME, firstLookBack);
        Instant newest = watermark;
        int pages = 0;
        int seen = 0;
        int stored = 0;
        boolean reachedWatermark = false;
        for (int page = 1; !reachedWatermark; page++) {
            TaskPage tasks = api.requestBody(DottedSignApi.LIST_TASKS_PAGE, new TaskPageRequest(page, pageSize), TaskPage.class);
            pages++;
            for (SignTask task : tasks.tasks()) {
                // Inclusive: a task updated at the watermark's very instant may not have been seen yet.
                // The watermark is DottedSign's own updated_at, so no clock of ours is compared with it.
                if (task.updatedAt() != null && task.updatedAt().isBefore(watermark)) {
                    reachedWatermark = true;
                    break;
                }
                seen++;
                if (task.updatedAt() != null && task.updatedAt().isAfter(newest)) {
                    newest = task.updatedAt();
                }
                stored += storeEventIfMissed(task) ? 1 : 0;
            }
            reachedWatermark |= !tasks.hasMore() || tasks.tasks().isEmpty();
        }
        PollSummary summary = new PollSummary(NAME, pages, seen, stored, newest);
        watermarks.advance(NAME, newest, summary.toString());
        return summary;
    }

    /** The event a webhook would have brought, when the binding shows the flow has not run for it. */
    private boolean storeEventIfMissed(SignTask task) {
        Binding binding = bindings.forTask(task.taskId());
        Long dealId = binding != null ? Long.valueOf(binding.dealId()) : task.dealId().orElse(null);
        if (dealId == null) {
            return false;
        }
        String status = task.status();
        if (OUTCOMES.contains(status)) {
            boolean handled = binding != null && (status.equals(binding.outcomeApplied())
                    || binding.state() == Binding.State.DEAL_DELETED);
            if (handled) {
                return false;
            }
            TaskEvent event = new TaskEvent("poll:" + task.taskId() + ":" + status, task.taskId(), status,
                    task.updatedAt() == null ? clock.instant() : task.updatedAt(), dealId, status);
            return inbox.store(new InboxEntry("poller", event.eventKey(), "task." + status, "task:" + task.taskId(),
                    Json.write(event))).isPresent();
        }
        if (binding == null) {
            // A task carrying a deal's id but no binding: the service stopped between creating and recording it.
            DealEvent event = new DealEvent("poll:bind:" + dealId + ":" + task.taskId(), DealEvent.Action.ADDED, dealId,
                    DealEvent.ChangeSource.UNKNOWN, clock.instant(), null);
            return inbox.store(new InboxEntry("poller", event.eventId(), "deal.added", "deal:" + dealId,
                    Json.write(event))).isPresent();
        }
        return false;
    }
}
