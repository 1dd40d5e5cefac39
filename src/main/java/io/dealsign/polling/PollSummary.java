package io.dealsign.polling;

import java.time.Instant;

/** What one poll cycle did: pages and items read, events stored for the flows, and the new watermark. */
public record PollSummary(String poller, int pagesRead, int itemsSeen, int eventsStored, Instant watermark) {

    @Override
    public String toString() {
        return poller + ": " + pagesRead + " page(s), " + itemsSeen + " changed item(s), " + eventsStored
                + " event(s) for the flows, watermark " + watermark;
    }
}
