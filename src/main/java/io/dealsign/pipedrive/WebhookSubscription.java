package io.dealsign.pipedrive;

/**
 * A webhook subscription as Pipedrive lists it. The password is never read back (Pipedrive does not
 * return it). {@code version} is "1.0" or "2.0".
 */
public record WebhookSubscription(long id, String subscriptionUrl, String eventAction, String eventObject,
                                  String version, String httpAuthUser) {

    /** Whether this subscription delivers every deal event to {@code url}. */
    public boolean deliversAllDealEventsTo(String url) {
        return url.equals(subscriptionUrl) && ("*".equals(eventAction)) && ("deal".equals(eventObject) || "*".equals(eventObject));
    }
}
