package io.dealsign.simulator.pipedrive;

import java.util.List;

/** One page of deals and the cursor of the next one (null on the last page). */
public record DealPage(List<Deal> deals, String nextCursor) {

    public DealPage {
        deals = List.copyOf(deals);
    }
}
