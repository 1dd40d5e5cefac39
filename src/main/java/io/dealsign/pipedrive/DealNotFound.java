package io.dealsign.pipedrive;

/** Pipedrive answered 404 for a deal: it never existed, or was deleted more than 30 days ago. Not retried. */
public class DealNotFound extends PipedriveApiException {

    private final long dealId;

    public DealNotFound(long dealId, String error, String errorInfo) {
        super(404, error == null ? "deal " + dealId + " not found" : error + " (deal " + dealId + ")", errorInfo);
        this.dealId = dealId;
    }

    public long dealId() {
        return dealId;
    }
}
