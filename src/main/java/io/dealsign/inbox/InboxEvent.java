package io.dealsign.inbox;

/** A stored inbox row a worker has claimed; {@code attempts} counts this one. */
public record InboxEvent(long id, String source, String eventKey, String kind, String subject, String payload,
                         int attempts) {
}
