package io.dealsign.pipedrive;

import io.dealsign.inbox.RetryLater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * What Pipedrive last told us about our limits, and whether every Pipedrive call is paused. Bound as
 * {@value #BEAN} for health checks and admin.
 *
 * <p>A pause starts when the company's daily token budget is spent (until it refills) or when Cloudflare
 * blocks the token with an HTML 403 (for {@code pipedrive.cloudflare.pause}). While paused, every call
 * throws {@link RetryLater} at once without touching the network: hammering Pipedrive then only makes
 * the block longer. The pause is logged once when it starts and once when calls resume.
 */
public final class PipedriveBudget {

    public static final String BEAN = "pipedriveBudget";
    private static final Logger LOG = LoggerFactory.getLogger(PipedriveBudget.class);

    /**
     * A snapshot. Null fields are unknown (no answer yet, or Pipedrive left the header out).
     *
     * @param pausedUntil          when calls resume, or null when not paused
     * @param pauseReason          why they were paused, or null
     * @param dailyTokensRemaining {@code x-daily-ratelimit-token-remaining} of the last answer that had it
     * @param burstRemaining       {@code x-ratelimit-remaining} of the last answer that had it
     * @param burstLimit           {@code x-ratelimit-limit} of the last answer that had it
     * @param burstWindowOpensAt   when Pipedrive said its used-up burst window resets, or null when it is open
     * @param lastAnswerAt         when Pipedrive last answered with rate-limit headers
     */
    public record Status(Instant pausedUntil, String pauseReason, Long dailyTokensRemaining, Integer burstRemaining,
                         Integer burstLimit, Instant burstWindowOpensAt, Instant lastAnswerAt) {

        public boolean paused() {
            return pausedUntil != null;
        }
    }

    private final Clock clock;
    private Instant pausedUntil;
    private String pauseReason;
    private Long dailyTokensRemaining;
    private Integer burstRemaining;
    private Integer burstLimit;
    private Instant burstWindowOpensAt;
    private Instant lastAnswerAt;

    public PipedriveBudget(Clock clock) {
        this.clock = clock;
    }

    public synchronized Status status() {
        endPauseIfOver();
        Instant opens = burstWindowOpensAt != null && burstWindowOpensAt.isAfter(clock.instant()) ? burstWindowOpensAt : null;
        return new Status(pausedUntil, pauseReason, dailyTokensRemaining, burstRemaining, burstLimit, opens, lastAnswerAt);
    }

    public synchronized boolean isPaused() {
        endPauseIfOver();
        return pausedUntil != null;
    }

    /** Lets calls through again before the pause would end, e.g. after buying an API top-up. */
    public synchronized void resume() {
        if (pausedUntil != null) {
            LOG.warn("Pipedrive calls resume now, before {} (resumed by hand; the pause was: {})", pausedUntil, pauseReason);
        }
        pausedUntil = null;
        pauseReason = null;
        burstWindowOpensAt = null;
    }

    /** Throws {@link RetryLater} while calls are paused. */
    synchronized void refuseWhilePaused(PipedriveRequest request) {
        endPauseIfOver();
        if (pausedUntil != null) {
            throw new RetryLater("Pipedrive calls are paused until " + pausedUntil + " (" + pauseReason + "): "
                    + request.describe() + " not sent", pausedUntil);
        }
    }

    /**
     * Throws {@link RetryLater} when Pipedrive said its burst window reopens later than a call may wait: the
     * event had better wait in the inbox than hold a thread.
     */
    synchronized void refuseIfBurstWindowOpensAfter(PipedriveRequest request, Duration longestWait) {
        Instant now = clock.instant();
        if (burstWindowOpensAt != null && burstWindowOpensAt.isAfter(now.plus(longestWait))) {
            LOG.warn("{} not sent: Pipedrive's burst window reopens at {}, later than a call may wait; the event waits"
                    + " until then", request.describe(), burstWindowOpensAt);
            throw new RetryLater("Pipedrive's burst rate limit: try again after " + burstWindowOpensAt, burstWindowOpensAt);
        }
    }

    /**
     * How long a call must still wait before Pipedrive's burst window reopens: 0 unless an answer said the
     * window is used up ({@code x-ratelimit-remaining: 0}) or a 429 said to wait. Sending then would only
     * earn a 429; a throttle alone cannot know where Pipedrive's window starts.
     */
    public synchronized long millisUntilBurstWindowOpens() {
        if (burstWindowOpensAt == null) {
            return 0;
        }
        long millis = Duration.between(clock.instant(), burstWindowOpensAt).toMillis();
        return Math.max(0, millis);
    }

    /** No call before {@code opensAt}: Pipedrive's burst window is used up until then. */
    synchronized void holdBurstUntil(Instant opensAt) {
        if (burstWindowOpensAt == null || opensAt.isAfter(burstWindowOpensAt)) {
            burstWindowOpensAt = opensAt;
        }
    }

    /**
     * Pauses every call until {@code pauseEnd}, or extends a running pause. Logs once, when a pause starts;
     * calls that were already on their way and meet the same answer only extend it quietly.
     *
     * @return when calls resume
     */
    synchronized Instant pause(Instant pauseEnd, String reason) {
        // whole seconds: readable in logs, and never a moment early
        Instant until = pauseEnd.getNano() == 0 ? pauseEnd : pauseEnd.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        endPauseIfOver();
        if (pausedUntil == null) {
            LOG.error("Pipedrive calls paused until {}: {}. Until then every Pipedrive call is postponed without"
                    + " reaching Pipedrive, and the events that need one wait.", until, reason);
            pausedUntil = until;
            pauseReason = reason;
        } else if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
        return pausedUntil;
    }

    /** Reads the rate-limit headers of an answer (any status); absent headers keep what we knew. */
    synchronized void observe(Function<String, String> header) {
        Long daily = number(header.apply("x-daily-ratelimit-token-remaining"));
        Long remaining = number(header.apply("x-ratelimit-remaining"));
        Long limit = number(header.apply("x-ratelimit-limit"));
        Long reset = number(header.apply("x-ratelimit-reset"));
        if (remaining != null && remaining <= 0 && reset != null && reset > 0) {
            holdBurstUntil(clock.instant().plusSeconds(reset));
        }
        if (daily != null) {
            dailyTokensRemaining = daily;
        }
        if (remaining != null) {
            burstRemaining = remaining.intValue();
        }
        if (limit != null) {
            burstLimit = limit.intValue();
        }
        if (daily != null || remaining != null || limit != null) {
            lastAnswerAt = clock.instant();
        }
    }

    Instant now() {
        return clock.instant();
    }

    private void endPauseIfOver() {
        if (pausedUntil != null && !clock.instant().isBefore(pausedUntil)) {
            LOG.info("Pipedrive calls resume: the pause until {} is over (it was: {})", pausedUntil, pauseReason);
            pausedUntil = null;
            pauseReason = null;
        }
    }

    static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(value.trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }
}
