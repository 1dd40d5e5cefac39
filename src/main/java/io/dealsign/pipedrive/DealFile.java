package io.dealsign.pipedrive;

/** A file attached to a deal, as Pipedrive lists it; {@code name} is the visible (uploaded) name. */
public record DealFile(long id, String name, Long dealId, Long fileSize) {
}
