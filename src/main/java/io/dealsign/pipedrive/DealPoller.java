package io.dealsign.pipedrive;

import io.dealsign.binding.Binding;
import io.dealsign.binding.Bindings;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.json.Json;
import io.dealsign.polling.PollSummary;
import io.dealsign.polling.Watermarks;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Finds what Pipedrive's webhooks did not tell us: deals changed since the watermark (Pipedrive's own
 * update_time), cursor page by cursor page, and deals deleted since it. A deal with no binding gets
 * the deal.added event a webhook would have brought; a deal that could not get a contract (no signer)
 * and has changed since gets another try; a deleted deal whose task is still live gets deal.deleted.
 */
public class DealPoller {

    public static final String NAME = "pipedrive-deals";
    private static final Set<Binding.State> RETRIED_WHEN_CHANGED = Set.of(Binding.State.NO_SIGNER, Binding.State.FAILED);

    private final ProducerTemplate api;
    private final Bindings bindings;
    private final Inbox inbox;
    private final Watermarks watermarks;
    private final Duration firstLookBack;

    public DealPoller(ProducerTemplate api, Bindings bindings, Inbox inbox, Watermarks watermarks, Duration firstLookBack) {
        this.api = api;
        this.bindings = bindings;
        this.inbox = inbox;
        this.watermarks = watermarks;
        this.firstLookBack = firstLookBack;
    }

    public PollSummary poll() {
        Instant watermark = watermarks.current(NAME, firstLookBack);
        Instant newest = watermark;
        int pages = 0;
        int seen = 0;
        int stored = 0;
        for (String status : new String[] {null, "deleted"}) {
            DealListRequest request = new DealListRequest(watermark, status, null, DealListRequest.MAX_LIMIT);
            while (request != null) {
                DealPage page = api.requestBody(PipedriveApi.LIST_DEALS_PAGE, request, DealPage.class);
                pages++;
                for (Deal deal : page.deals()) {
                    seen++;
                    if (deal.updateTime() != null && deal.updateTime().isAfter(newest)) {
                        newest = deal.updateTime();
                    }
                    stored += (deal.deleted() ? storeDeletionIfMissed(deal) : storeAdditionIfMissed(deal)) ? 1 : 0;
                }
                request = page.isLast() ? null : request.next(page.nextCursor());
            }
        }
        PollSummary summary = new PollSummary(NAME, pages, seen, stored, newest);
        watermarks.advance(NAME, newest, summary.toString());
        return summary;
    }

    private boolean storeAdditionIfMissed(Deal deal) {
        Binding binding = bindings.forDeal(deal.id());
        String key;
        if (binding == null) {
            key = "poll:added:" + deal.id();
        } else if (RETRIED_WHEN_CHANGED.contains(binding.state()) && deal.updateTime() != null
                && deal.updateTime().isAfter(binding.updatedAt())) {
            key = "poll:retry:" + deal.id() + ":" + deal.updateTime().toEpochMilli();
        } else {
            return false;
        }
        return store(new DealEvent(key, DealEvent.Action.ADDED, deal.id(), DealEvent.ChangeSource.UNKNOWN,
                deal.updateTime() == null ? Instant.now() : deal.updateTime(), null), "deal.added");
    }

    private boolean storeDeletionIfMissed(Deal deal) {
        Binding binding = bindings.forDeal(deal.id());
        if (binding == null || !binding.hasTask() || binding.state() != Binding.State.BOUND) {
            return false;
        }
        return store(new DealEvent("poll:deleted:" + deal.id(), DealEvent.Action.DELETED, deal.id(),
                DealEvent.ChangeSource.UNKNOWN, deal.updateTime() == null ? Instant.now() : deal.updateTime(), null),
                "deal.deleted");
    }

    private boolean store(DealEvent event, String kind) {
        return inbox.store(new InboxEntry("poller", event.eventId(), kind, "deal:" + event.dealId(), Json.write(event)))
                .isPresent();
    }
}
