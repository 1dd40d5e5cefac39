package io.dealsign.simulator.pipedrive;

import java.net.URI;
import java.net.URISyntaxException;

/** The checks {@code POST /api/v1/webhooks} makes before it registers anything (reference §2.2). */
final class WebhookValidation {

    private WebhookValidation() {
    }

    static void check(String url, String action, String object, String version) {
        if (url == null || url.isBlank()) {
            throw PipedriveApiException.badRequest("subscription_url is required");
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw PipedriveApiException.badRequest("subscription_url must be a full http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw PipedriveApiException.badRequest("subscription_url must be a full http(s) URL");
        }
        if (!"1.0".equals(version) && !"2.0".equals(version)) {
            throw PipedriveApiException.badRequest("version must be 1.0 or 2.0");
        }
        if (action == null) {
            throw PipedriveApiException.badRequest("event_action is required");
        }
        // A v2 webhook speaks create/change/delete, a v1 webhook added/updated/deleted/merged; mixing them
        // is what broke integrators when v2 became the default, so it is refused rather than never firing.
        boolean known = "2.0".equals(version) ? Webhook.V2_ACTIONS.contains(action) : Webhook.V1_ACTIONS.contains(action);
        if (!known) {
            throw PipedriveApiException.badRequest("event_action '" + action + "' is not valid for webhooks version "
                    + version + ("2.0".equals(version) ? " (use create, change, delete or *)" : " (use added, updated, deleted, merged or *)"));
        }
        if (object == null) {
            throw PipedriveApiException.badRequest("event_object is required");
        }
        if (!Webhook.OBJECTS.contains(object)) {
            throw PipedriveApiException.badRequest("event_object '" + object + "' is not valid");
        }
    }
}
