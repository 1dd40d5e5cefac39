package io.dealsign.pipedrive;

/** A note to add to a deal through {@code direct:pipedrive-add-note}; Pipedrive sanitises the HTML. */
public record NewNote(long dealId, String htmlContent) {
}
