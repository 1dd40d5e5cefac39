package io.dealsign.simulator.dottedsign;

import java.time.Instant;

/**
 * A change to a task that DottedSign reports by webhook: the task as it stood right after the change,
 * who caused it and when.
 */
record TaskEvent(Task task, String actionName, Actor actor, Instant at) {

    /** Who acted, as the webhook's {@code event_email}, {@code ip_address} and {@code user_agent} say. */
    record Actor(String email, String ipAddress, String userAgent) { }
}
