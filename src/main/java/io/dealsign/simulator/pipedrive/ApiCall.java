package io.dealsign.simulator.pipedrive;

/**
 * Every REST call the simulator answers, with what it costs against the daily token budget.
 * v2 costs follow the third-party reading of Pipedrive's OpenAPI {@code x-token-cost} (GET one 1,
 * list 10, PATCH 5; v2 is "50% fewer tokens" than v1, so DELETE is half of v1's 6). v1 costs are the
 * numbers on Pipedrive's Files reference page (POST 10, GET one 2, list 20, download 20); notes and
 * webhooks have no published number and cost 5. Overridable at run time through
 * {@link PipedriveSimulator#tokenCost(ApiCall, int)}.
 */
public enum ApiCall {
    GET_DEAL(1),
    LIST_DEALS(10),
    UPDATE_DEAL(5),
    DELETE_DEAL(3),
    GET_PERSON(1),
    ADD_FILE(10),
    GET_FILE(2),
    LIST_FILES(20),
    DOWNLOAD_FILE(20),
    ADD_NOTE(5),
    LIST_NOTES(20),
    LIST_WEBHOOKS(5),
    ADD_WEBHOOK(5),
    DELETE_WEBHOOK(5),
    /** A path the API does not have: still authenticated and metered, then answered 404. */
    UNKNOWN(1);

    private final int defaultCost;

    ApiCall(int defaultCost) {
        this.defaultCost = defaultCost;
    }

    public int defaultCost() {
        return defaultCost;
    }
}
