package io.dealsign.pipedrive;

import java.util.List;

/** A page of deals; {@code nextCursor} is null on the last page. */
public record DealPage(List<Deal> deals, String nextCursor) {

    public DealPage {
        deals = List.copyOf(deals);
    }

    public boolean isLast() {
        return nextCursor == null;
    }
}
