package io.dealsign.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dealsign.binding.Binding;
import io.dealsign.inbox.Inbox;
import io.dealsign.pipedrive.PipedriveBudget;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the admin API, field names in snake_case. Timestamps are ISO-8601 UTC; unknown values are null. */
final class AdminViews {

    private AdminViews() {
    }

    /** An inbox event without its payload. {@code next_attempt_at} is null once it will not be tried again (DONE, PARKED). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Event(long id, String source, String kind, String subject, String status, int attempts, String lastError,
                 Instant receivedAt, Instant nextAttemptAt, Instant finishedAt) {

        static Event of(Inbox.Row row) {
            boolean waiting = row.status().equals("PENDING") || row.status().equals("PROCESSING");
            return new Event(row.id(), row.source(), row.kind(), row.subject(), row.status(), row.attempts(),
                    row.lastError(), row.receivedAt(), waiting ? row.nextAttemptAt() : null, row.finishedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Events(int count, int limit, boolean truncated, List<Event> events) {
    }

    /** A parked event put back in the queue, with what its parking said (its history). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Replayed(long id, String kind, String subject, String status, int previousAttempts, String previousLastError,
                    Instant parkedAt) {

        static Replayed of(Inbox.Row parked) {
            return new Replayed(parked.id(), parked.kind(), parked.subject(), "PENDING", parked.attempts(), parked.lastError(),
                    parked.finishedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventReplay(Replayed replayed, String message) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DealReplay(long dealId, List<String> subjects, int count, List<Replayed> replayed, String message) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record BindingView(long dealId, Long taskId, String taskStatus, String dealStatus, String state, String reason,
                       String outcomeApplied, Instant createdAt, Instant updatedAt) {

        static BindingView of(Binding binding) {
            return new BindingView(binding.dealId(), binding.taskId(), binding.taskStatus(), binding.dealStatus(),
                    binding.state().name(), binding.reason(), binding.outcomeApplied(), binding.createdAt(), binding.updatedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Bindings(int count, int limit, boolean truncated, List<BindingView> bindings) {
    }

    /** A poller's {@code poll_watermark} row: null fields until its first completed cycle. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Poller(String name, Instant watermark, Instant lastRunAt, String lastResult) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Budget(boolean paused, Instant pausedUntil, String pauseReason, Long dailyTokensRemaining, Integer burstRemaining,
                  Integer burstLimit, Instant burstWindowOpensAt, Instant lastAnswerAt) {

        static Budget of(PipedriveBudget.Status status) {
            return new Budget(status.paused(), status.pausedUntil(), status.pauseReason(), status.dailyTokensRemaining(),
                    status.burstRemaining(), status.burstLimit(), status.burstWindowOpensAt(), status.lastAnswerAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Status(Map<String, Long> inbox, Map<String, Poller> pollers, Budget pipedriveBudget) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PollRun(String poller, int pagesRead, int itemsSeen, int eventsStored, Instant watermark, String summary) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Resume(boolean wasPaused, Instant pausedUntil, String pauseReason, int eventsDueNow, String message) {
    }
}
