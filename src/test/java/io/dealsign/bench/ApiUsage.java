package io.dealsign.bench;

import io.dealsign.simulator.RecordedRequest;

import java.time.Duration;
import java.util.List;

/**
 * What the service asked of one API during the drain, read from that simulator's request log.
 *
 * @param served   requests answered with anything but 429 (they count against the API's limit)
 * @param tooMany  requests answered 429
 */
record ApiUsage(long served, long tooMany) {

    static ApiUsage of(List<RecordedRequest> apiRequests) {
        long tooMany = apiRequests.stream().filter(r -> r.status() == 429).count();
        return new ApiUsage(apiRequests.size() - tooMany, tooMany);
    }

    long calls() {
        return served + tooMany;
    }

    /** Served requests per second over the drain. */
    double perSecond(Duration drain) {
        return drain.isZero() ? 0 : served / (drain.toMillis() / 1000.0);
    }

    /** 429s as a percentage of every request sent. */
    double tooManyPercent() {
        return calls() == 0 ? 0 : 100.0 * tooMany / calls();
    }
}
