package io.dealsign.webhook;

import io.dealsign.inbox.InboxEntry;

/** What an authenticated, well-formed webhook amounts to: an event to store, or nothing to do. */
public sealed interface WebhookVerdict {

    record Store(InboxEntry entry) implements WebhookVerdict {
    }

    /** Acknowledged with 2xx and not stored; the reason is logged and answered. */
    record Ignore(String reason) implements WebhookVerdict {
    }
}
