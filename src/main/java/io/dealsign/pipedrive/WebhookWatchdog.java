package io.dealsign.pipedrive;

import io.dealsign.settings.Setting;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps Pipedrive's webhook subscription alive. Pipedrive deletes a webhook after three days without
 * a successful delivery, and an operator may delete it by mistake; events are then silently lost
 * (the pollers still converge, only later). The watchdog looks for a subscription sending every deal
 * event to {@code <sync.public-url>/webhooks/pipedrive} and creates it, as webhooks v2 with the Basic
 * credentials, when there is none. Without a public URL it only says what it would do.
 */
public class WebhookWatchdog {

    public static final String PATH = "/webhooks/pipedrive";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWatchdog.class);

    private final ProducerTemplate api;
    private final PipedriveSettings settings;
    private final String publicUrl;
    private final AtomicBoolean toldWhatItWouldDo = new AtomicBoolean();

    public WebhookWatchdog(ProducerTemplate api, PipedriveSettings settings, String publicUrl) {
        this.api = api;
        this.settings = settings;
        this.publicUrl = publicUrl == null ? "" : publicUrl.trim().replaceAll("/+$", "");
    }

    public String subscriptionUrl() {
        return publicUrl + PATH;
    }

    /** One check; returns what it found or did. */
    public String check() {
        if (publicUrl.isEmpty()) {
            String would = "sync.public-url is not set: the Pipedrive webhook is not checked. With it set, the watchdog"
                    + " would make sure Pipedrive sends every deal event (webhooks v2, Basic credentials) to"
                    + " <sync.public-url>" + PATH;
            if (toldWhatItWouldDo.compareAndSet(false, true)) {
                LOG.info(would);
            }
            return "skipped: sync.public-url is not set";
        }
        if (!settings.canCallApi()) {
            return "skipped: " + PipedriveSettings.API_TOKEN.key() + " is not set";
        }
        if (Setting.isBlank(settings.webhookUsername()) || Setting.isBlank(settings.webhookPassword())) {
            if (toldWhatItWouldDo.compareAndSet(false, true)) {
                LOG.warn("The Pipedrive webhook is not checked: without {} and {} the service refuses every delivery,"
                        + " so no subscription is made.", PipedriveSettings.WEBHOOK_USERNAME.howToSet(),
                        PipedriveSettings.WEBHOOK_PASSWORD.howToSet());
            }
            return "skipped: the webhook credentials are not set";
        }
        @SuppressWarnings("unchecked")
        List<WebhookSubscription> subscriptions = api.requestBody(PipedriveApi.LIST_WEBHOOKS, (Object) null, List.class);
        String url = subscriptionUrl();
        for (WebhookSubscription subscription : subscriptions) {
            if (subscription.deliversAllDealEventsTo(url) && "2.0".equals(subscription.version())) {
                return "present: webhook " + subscription.id() + " sends every deal event to " + url;
            }
        }
        WebhookSubscription created = api.requestBody(PipedriveApi.CREATE_WEBHOOK, new NewWebhookSubscription(url,
                settings.webhookUsername(), settings.webhookPassword(), "dealsign-sync"), WebhookSubscription.class);
        LOG.warn("Pipedrive had no webhook sending deal events to {}: created webhook {} (v2, Basic credentials)."
                + " Events in between are found by the next poll.", url, created.id());
        return "created: webhook " + created.id() + " for " + url;
    }
}
