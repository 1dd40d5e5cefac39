package io.dealsign.pipedrive;

/** The subscription the service asks Pipedrive for: every deal event, webhooks v2, with Basic credentials. */
public record NewWebhookSubscription(String subscriptionUrl, String httpAuthUser, String httpAuthPassword, String name) {

    @Override
    public String toString() {
        return "NewWebhookSubscription[" + subscriptionUrl + ", user set: " + (httpAuthUser != null) + "]";
    }
}
