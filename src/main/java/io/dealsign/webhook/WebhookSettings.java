package io.dealsign.webhook;

import io.dealsign.settings.Durations;
import org.apache.camel.CamelContext;

import java.time.Duration;

/**
 * The limits the webhook endpoints enforce. Each has a default here, so the settings file needs none
 * of them; a value that cannot be read stops the start-up with a message naming the key.
 *
 * @param maxBodySize            bytes a webhook body may have; a larger one is answered 413 unread
 * @param readTimeout            how long a sender may take to send its body; a slower one gets 408
 * @param dottedSignMaxAge       how old a DottedSign {@code event_datetime} may be; zero turns the check off
 * @param dottedSignMaxClockSkew how far ahead of this server's clock an {@code event_datetime} may be
 */
public record WebhookSettings(long maxBodySize, Duration readTimeout, Duration dottedSignMaxAge,
                              Duration dottedSignMaxClockSkew) {

    public static final String MAX_BODY_SIZE = "sync.webhook.max-body-size";
    public static final String READ_TIMEOUT = "sync.webhook.read-timeout";
    public static final String DOTTEDSIGN_MAX_AGE = "dottedsign.webhook.max-age";
    public static final String DOTTEDSIGN_MAX_CLOCK_SKEW = "dottedsign.webhook.max-clock-skew";

    /** 1 MiB: a Pipedrive deal event with every custom field is a few kilobytes, a DottedSign event less. */
    static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    /**
     * A webhook body is a few kilobytes and arrives at once. While a sender trickles its body, it holds
     * one of Vert.x's worker threads (20 by default), and other webhooks can wait behind such senders up
     * to this long: 5 s keeps them inside Pipedrive's 10 s.
     */
    static final String DEFAULT_READ_TIMEOUT = "5000";
    /**
     * DottedSign documents no retries, so a genuine delivery arrives seconds after its event: 15
     * minutes covers a slow queue on its side. A genuine event refused as too old is not lost: the
     * DottedSign poller finds the task's new status on its next cycle (every 5 minutes by default).
     */
    static final String DEFAULT_DOTTEDSIGN_MAX_AGE = "PT15M";
    /** Two servers' clocks, each kept by NTP, differ by far less. */
    static final String DEFAULT_DOTTEDSIGN_MAX_CLOCK_SKEW = "PT5M";

    public WebhookSettings {
        if (maxBodySize <= 0) {
            throw new IllegalArgumentException(MAX_BODY_SIZE + " must be a positive number of bytes, not " + maxBodySize);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException(READ_TIMEOUT + " must be positive, not " + readTimeout);
        }
        if (dottedSignMaxAge.isNegative()) {
            throw new IllegalArgumentException(DOTTEDSIGN_MAX_AGE + " must not be negative (0 turns the check off)");
        }
        if (dottedSignMaxClockSkew.isNegative()) {
            throw new IllegalArgumentException(DOTTEDSIGN_MAX_CLOCK_SKEW + " must not be negative");
        }
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(DEFAULT_MAX_BODY_SIZE, Durations.parse(READ_TIMEOUT, DEFAULT_READ_TIMEOUT),
                Durations.parse(DOTTEDSIGN_MAX_AGE, DEFAULT_DOTTEDSIGN_MAX_AGE),
                Durations.parse(DOTTEDSIGN_MAX_CLOCK_SKEW, DEFAULT_DOTTEDSIGN_MAX_CLOCK_SKEW));
    }

    /** The settings as the service is configured, each key falling back to its default. */
    public static WebhookSettings from(CamelContext context) {
        String maxBodySize = setting(context, MAX_BODY_SIZE, String.valueOf(DEFAULT_MAX_BODY_SIZE));
        long bytes;
        try {
            bytes = Long.parseLong(maxBodySize);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_BODY_SIZE + " must be a number of bytes, not '" + maxBodySize + "'");
        }
        return new WebhookSettings(bytes,
                Durations.parse(READ_TIMEOUT, setting(context, READ_TIMEOUT, DEFAULT_READ_TIMEOUT)),
                Durations.parse(DOTTEDSIGN_MAX_AGE, setting(context, DOTTEDSIGN_MAX_AGE, DEFAULT_DOTTEDSIGN_MAX_AGE)),
                Durations.parse(DOTTEDSIGN_MAX_CLOCK_SKEW,
                        setting(context, DOTTEDSIGN_MAX_CLOCK_SKEW, DEFAULT_DOTTEDSIGN_MAX_CLOCK_SKEW)));
    }

    private static String setting(CamelContext context, String key, String defaultValue) {
        String value = context.resolvePropertyPlaceholders("{{" + key + ":" + defaultValue + "}}").trim();
        return value.isEmpty() ? defaultValue : value;
    }
}
