package io.dealsign.simulator.dottedsign;

/**
 * One webhook event, its body already serialized: the same bytes are signed, sent and, on a
 * redelivery, sent again.
 */
record WebhookEvent(long taskId, String actionName, long eventDatetime, byte[] body) { }
