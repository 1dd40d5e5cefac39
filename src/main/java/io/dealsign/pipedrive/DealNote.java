package io.dealsign.pipedrive;

/** A note on a deal, as Pipedrive lists it; {@code content} is HTML, possibly sanitised by Pipedrive. */
public record DealNote(long id, Long dealId, String content) {
}
