package io.dealsign.bench;

import io.dealsign.simulator.RecordedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the service asked of one API during the drain, read from that simulator's request log.
 *
 * @param served     requests answered with anything but 429 (they count against the API's limit)
 * @param tooMany    requests answered 429
 * @param firstCall  when the first request arrived, after the events were released (zero when none did)
 * @param lastCall   when the last one arrived
 */
record ApiUsage(long served, long tooMany, Duration firstCall, Duration lastCall) {

    static ApiUsage of(List<RecordedRequest> apiRequests, Instant drainStart) {
        long tooMany = apiRequests.stream().filter(r -> r.status() == 429).count();
        Instant first = apiRequests.stream().map(RecordedRequest::receivedAt).min(Instant::compareTo).orElse(drainStart);
        Instant last = apiRequests.stream().map(RecordedRequest::receivedAt).max(Instant::compareTo).orElse(drainStart);
        return new ApiUsage(apiRequests.size() - tooMany, tooMany,
                Duration.between(drainStart, first), Duration.between(drainStart, last));
    }

    long calls() {
        return served + tooMany;
    }

    /** Served requests per second over the drain. */
    double perSecond(Duration drain) {
        return drain.isZero() ? 0 : served / (drain.toMillis() / 1000.0);
    }

    /** Served requests per second from the first request to the last. */
    double perSecondWhileCalling() {
        Duration busy = lastCall.minus(firstCall);
        return busy.isZero() ? 0 : served / (busy.toMillis() / 1000.0);
    }

    /** 429s as a percentage of every request sent. */
    double tooManyPercent() {
        return calls() == 0 ? 0 : 100.0 * tooMany / calls();
    }
}
