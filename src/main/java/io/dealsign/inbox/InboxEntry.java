package io.dealsign.inbox;

/**
 * An event to store in the inbox: where it came from, the key that makes a redelivery a duplicate,
 * which flow runs it ({@code kind}), whose events it is ordered with ({@code subject}, e.g.
 * {@code deal:42}), and the event itself as JSON.
 */
public record InboxEntry(String source, String eventKey, String kind, String subject, String payload) {

    public InboxEntry {
        if (eventKey.length() > 200) {
            throw new IllegalArgumentException("an event key is at most 200 characters");
        }
    }
}
