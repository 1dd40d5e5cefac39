package io.dealsign.admin;

import io.dealsign.admin.AdminRequest.BadRequest;
import io.dealsign.binding.Binding;
import io.dealsign.binding.Bindings;
import io.dealsign.dottedsign.TaskPoller;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxRoutes;
import io.dealsign.inbox.RetryLater;
import io.dealsign.pipedrive.DealPoller;
import io.dealsign.pipedrive.PipedriveBudget;
import io.dealsign.polling.PollSummary;
import io.dealsign.polling.PollingRoutes;
import io.dealsign.polling.Watermarks;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each admin endpoint does, on the service's own objects: the inbox, the bindings, the pollers'
 * watermarks and the Pipedrive budget. Every method answers; none throws for a bad request (400), an
 * unknown id (404) or a state that does not allow the action (409).
 */
final class AdminOperations {

    private static final Logger LOG = LoggerFactory.getLogger(AdminOperations.class);

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** At most this many events are replayed by one request for a deal; the answer says when more remain. */
    static final int MAX_REPLAY = 500;

    /**
     * How an event postponed by Pipedrive's limits says why it waits: the beginnings of the
     * {@link RetryLater} reasons of {@code PipedriveBudget} (calls paused, burst window) and of
     * {@code PipedriveAnswers} (daily budget spent, Cloudflare block, burst 429), which the inbox stores
     * as the event's last_error. AdminApiTest proves a real pause matches.
     */
    static final List<String> PIPEDRIVE_WAIT_REASONS = List.of(
            "Pipedrive calls are paused until",
            "Pipedrive's daily API budget is spent",
            "Cloudflare blocks Pipedrive calls",
            "Pipedrive's burst rate limit");

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern SUBJECT = Pattern.compile("(deal|task):[0-9]{1,18}");

    /** The pollers an operator may run, by the name in the path. */
    private record Poll(String endpoint, String pollerName) {
    }

    private static final Map<String, Poll> POLLS = Map.of(
            "dottedsign", new Poll(PollingRoutes.POLL_DOTTEDSIGN, TaskPoller.NAME),
            "pipedrive", new Poll(PollingRoutes.POLL_PIPEDRIVE, DealPoller.NAME));

    private final Inbox inbox;
    private final Bindings bindings;
    private final Watermarks watermarks;
    private final PipedriveBudget budget;
    private final ProducerTemplate camel;
    private final Set<String> pollsRunning = ConcurrentHashMap.newKeySet();

    AdminOperations(Inbox inbox, Bindings bindings, Watermarks watermarks, PipedriveBudget budget, ProducerTemplate camel) {
        this.inbox = inbox;
        this.bindings = bindings;
        this.watermarks = watermarks;
        this.budget = budget;
        this.camel = camel;
    }

    // --- events ---------------------------------------------------------------------------------------

    /** GET events?status=&deal=&subject=&limit= : newest first. */
    AdminAnswer events(AdminRequest request) {
        request.onlyParams(List.of("status", "deal", "subject", "limit"));
        String status = status(request.param("status"));
        Long deal = optionalId(request.param("deal"), "deal");
        String subject = request.param("subject");
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            throw new BadRequest("subject is deal:<id> or task:<id>");
        }
        if (deal != null && subject != null) {
            throw new BadRequest("give deal or subject, not both");
        }
        int limit = limit(request.param("limit"));
        List<String> subjects = deal != null ? subjectsOfDeal(deal) : subject != null ? List.of(subject) : null;
        List<Inbox.Row> rows = inbox.rows(status, subjects, limit + 1);
        List<AdminViews.Event> events = rows.stream().limit(limit).map(AdminViews.Event::of).toList();
        return AdminAnswer.ok(new AdminViews.Events(events.size(), limit, rows.size() > limit, events));
    }

    /** POST events/{id}/replay : one parked event back in the queue, run now. */
    AdminAnswer replayEvent(String idText) {
        long id = id(idText, "event id");
        Inbox.Row row = inbox.row(id).orElse(null);
        if (row == null) {
            return AdminAnswer.error(404, "there is no event " + id);
        }
        if (!row.status().equals("PARKED")) {
            return AdminAnswer.error(409, "event " + id + " is " + row.status() + "; only a parked event is replayed",
                    "status", row.status());
        }
        if (!inbox.requeueParked(id)) {
            return AdminAnswer.error(409, "event " + id + " is no longer parked: it was replayed meanwhile");
        }
        logReplay(row);
        wakeAWorker();
        return AdminAnswer.of(202, new AdminViews.EventReplay(AdminViews.Replayed.of(row), "event " + id
                + " is queued again with its attempts reset and runs now (after any earlier unfinished event of "
                + row.subject() + ")"));
    }

    /** POST deals/{dealId}/replay : every parked event of the deal and of its task, oldest first. */
    AdminAnswer replayDeal(String idText) {
        long dealId = id(idText, "deal id");
        List<String> subjects = subjectsOfDeal(dealId);
        List<Inbox.Row> parked = inbox.parked(subjects, MAX_REPLAY + 1);
        if (parked.isEmpty() && bindings.forDeal(dealId) == null && inbox.rows(null, subjects, 1).isEmpty()) {
            return AdminAnswer.error(404, "deal " + dealId + " is unknown here: no binding and no events");
        }
        boolean more = parked.size() > MAX_REPLAY;
        List<AdminViews.Replayed> replayed = new ArrayList<>();
        for (Inbox.Row row : parked.subList(0, Math.min(parked.size(), MAX_REPLAY))) {
            if (inbox.requeueParked(row.id())) {
                logReplay(row);
                replayed.add(AdminViews.Replayed.of(row));
            }
        }
        // Events of one subject still run one at a time, in order: the inbox lets only the oldest claim.
        if (!replayed.isEmpty()) {
            wakeAWorker();
        }
        String message = replayed.isEmpty() ? "deal " + dealId + " has no parked events"
                : replayed.size() + " parked event(s) of deal " + dealId + " queued again and running now"
                + (more ? "; more remain parked: replay the deal again" : "");
        return AdminAnswer.of(replayed.isEmpty() ? 200 : 202,
                new AdminViews.DealReplay(dealId, subjects, replayed.size(), replayed, message));
    }

    // --- bindings -------------------------------------------------------------------------------------

    /** GET bindings?deal=&task=&state=&limit= : one deal's or task's binding, or the latest updated. */
    AdminAnswer bindings(AdminRequest request) {
        request.onlyParams(List.of("deal", "task", "state", "limit"));
        Long deal = optionalId(request.param("deal"), "deal");
        Long task = optionalId(request.param("task"), "task");
        Binding.State state = state(request.param("state"));
        int limit = limit(request.param("limit"));
        if (deal != null && task != null) {
            throw new BadRequest("give deal or task, not both");
        }
        List<Binding> found;
        if (deal != null || task != null) {
            Binding binding = deal != null ? bindings.forDeal(deal) : bindings.forTask(task);
            found = binding == null ? List.of() : List.of(binding);
        } else {
            found = bindings.latest(state, limit + 1);
        }
        List<Binding> matching = found.stream().filter(b -> state == null || b.state() == state).toList();
        List<AdminViews.BindingView> views = matching.stream().limit(limit).map(AdminViews.BindingView::of).toList();
        return AdminAnswer.ok(new AdminViews.Bindings(views.size(), limit, matching.size() > limit, views));
    }

    // --- status, polls, Pipedrive ---------------------------------------------------------------------

    /** GET status : inbox counts, each poller's watermark and last result, the Pipedrive budget. */
    AdminAnswer status() {
        return AdminAnswer.ok(statusView());
    }

    AdminViews.Status statusView() {
        Map<String, AdminViews.Poller> pollers = new LinkedHashMap<>();
        POLLS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(poll -> {
            String name = poll.getValue().pollerName();
            pollers.put(poll.getKey(), new AdminViews.Poller(name, watermarks.stored(name).orElse(null),
                    watermarks.lastRunAt(name).orElse(null), watermarks.lastResult(name).orElse(null)));
        });
        return new AdminViews.Status(inbox.countByStatus(), pollers, AdminViews.Budget.of(budget.status()));
    }

    // --- what the admin page shows ----------------------------------------------------------------------

    /** One deal's binding, or the {@code limit} changed last. */
    List<AdminViews.BindingView> bindingViews(Long dealId, int limit) {
        List<Binding> found = dealId != null
                ? Stream.ofNullable(bindings.forDeal(dealId)).toList()
                : bindings.latest(null, limit);
        return found.stream().map(AdminViews.BindingView::of).toList();
    }

    /** Events newest first, of one status (null: any) and of one deal and its task (null: every deal). */
    List<AdminViews.Event> eventViews(String status, Long dealId, int limit) {
        return inbox.rows(status, dealId == null ? null : subjectsOfDeal(dealId), limit).stream()
                .map(AdminViews.Event::of).toList();
    }

    /** POST poll/{poller} : one poll cycle now, answered with what it did. */
    AdminAnswer poll(String pollerText) {
        Poll poll = POLLS.get(pollerText);
        if (poll == null) {
            return AdminAnswer.error(404, "there is no poller '" + AdminRequest.printable(pollerText)
                    + "'; the pollers are dottedsign and pipedrive");
        }
        if (!pollsRunning.add(pollerText)) {
            return AdminAnswer.error(409, "a " + pollerText + " poll cycle started from the admin API is still running");
        }
        Object result;
        try {
            LOG.info("Operator runs a {} poll cycle now", pollerText);
            result = camel.requestBody(poll.endpoint(), (Object) null);
        } catch (CamelExecutionException e) {
            return pollFailed(pollerText, e.getCause() == null ? e : e.getCause());
        } finally {
            pollsRunning.remove(pollerText);
        }
        if (result instanceof PollSummary summary) {
            // as stored, which is what status shows (the database keeps microseconds, and never moves it back)
            Instant watermark = watermarks.stored(poll.pollerName()).orElse(summary.watermark());
            return AdminAnswer.ok(new AdminViews.PollRun(summary.poller(), summary.pagesRead(), summary.itemsSeen(),
                    summary.eventsStored(), watermark, summary.toString()));
        }
        return AdminAnswer.error(503, "the " + pollerText + " poll cycle did not run: " + result, "poller", poll.pollerName());
    }

    private static AdminAnswer pollFailed(String poller, Throwable cause) {
        LOG.warn("The {} poll cycle run by an operator failed: {}. Its watermark did not move.", poller, cause.toString());
        if (cause instanceof RetryLater wait) {
            long seconds = Math.max(1, Duration.between(Instant.now(), wait.notBefore()).toSeconds());
            return AdminAnswer.error(503, "the " + poller + " poll cycle cannot run now: " + wait.getMessage(),
                    "not_before", wait.notBefore()).withHeader("Retry-After", String.valueOf(seconds));
        }
        return AdminAnswer.error(502, "the " + poller + " poll cycle failed: " + describe(cause)
                + "; its watermark did not move");
    }

    /** POST pipedrive/resume : Pipedrive calls go again, and the events they held back are due now. */
    AdminAnswer resumePipedrive() {
        PipedriveBudget.Status before = budget.status();
        budget.resume();
        int due = inbox.dueNowIfWaitingFor(PIPEDRIVE_WAIT_REASONS);
        if (due > 0) {
            wakeAWorker();
        }
        LOG.info("Operator resumed Pipedrive calls{}; {} event(s) waiting for Pipedrive are due now",
                before.paused() ? " (paused until " + before.pausedUntil() + ": " + before.pauseReason() + ")" : "", due);
        String message = (before.paused() ? "Pipedrive calls resume now" : "Pipedrive calls were not paused")
                + "; " + due + " event(s) waiting for Pipedrive are due now";
        return AdminAnswer.ok(new AdminViews.Resume(before.paused(), before.pausedUntil(), before.pauseReason(), due, message));
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** Events due now run at once, not at the next sweep. */
    private void wakeAWorker() {
        camel.sendBody(InboxRoutes.WAKE_A_WORKER, null);
    }

    /** The subjects whose events concern a deal: the deal's own, and its bound task's. */
    private List<String> subjectsOfDeal(long dealId) {
        Binding binding = bindings.forDeal(dealId);
        return binding != null && binding.hasTask()
                ? List.of("deal:" + dealId, "task:" + binding.taskId())
                : List.of("deal:" + dealId);
    }

    private static void logReplay(Inbox.Row row) {
        LOG.info("Operator replays event {} ({} {}): queued again with its attempts reset; it was parked after {} attempt(s) with: {}",
                row.id(), row.kind(), row.subject(), row.attempts(), row.lastError());
    }

    static long id(String text, String what) {
        if (text == null || !ID.matcher(text).matches() || Long.parseLong(text) == 0) {
            throw new BadRequest("the " + what + " must be a positive whole number");
        }
        return Long.parseLong(text);
    }

    private static Long optionalId(String text, String parameter) {
        return text == null ? null : id(text, parameter);
    }

    private static String status(String text) {
        if (text == null) {
            return null;
        }
        String status = text.toUpperCase(Locale.ROOT);
        if (!Inbox.STATUSES.contains(status)) {
            throw new BadRequest("status is one of " + String.join(", ", Inbox.STATUSES));
        }
        return status;
    }

    private static Binding.State state(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(Binding.State.values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new BadRequest("state is one of " + Arrays.toString(Binding.State.values())));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!ID.matcher(text).matches() || text.length() > 4 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw new BadRequest("limit is a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
