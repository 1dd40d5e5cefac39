package io.dealsign.dottedsign;

import io.dealsign.settings.MissingSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Binds the DottedSign settings (credentials, and how the API client paces, times out and retries its
 * calls), and says at start-up which credentials are missing.
 */
public class DottedSignConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "dottedSignSettings";
    public static final String CLIENT_SETTINGS = "dottedSignClientSettings";
    private static final Logger LOG = LoggerFactory.getLogger(DottedSignConfiguration.class);

    @PropertyInject("dottedsign.base-url")
    private String baseUrl;
    @PropertyInject(value = "dottedsign.client-id", defaultValue = "")
    private String clientId;
    @PropertyInject(value = "dottedsign.client-secret", defaultValue = "")
    private String clientSecret;
    @PropertyInject(value = "dottedsign.template-id", defaultValue = "")
    private String templateId;
    @PropertyInject(value = "dottedsign.webhook.signature-mode", defaultValue = "hex")
    private String signatureMode;

    // The API client's pace, timeouts and retries; durations in milliseconds.
    @PropertyInject(value = "dottedsign.rate-limit.requests", defaultValue = "5")
    private int rateLimitRequests;
    @PropertyInject(value = "dottedsign.rate-limit.period", defaultValue = "1000")
    private long rateLimitPeriodMillis;
    @PropertyInject(value = "dottedsign.http.connect-timeout", defaultValue = "5000")
    private long connectTimeoutMillis;
    @PropertyInject(value = "dottedsign.http.response-timeout", defaultValue = "30000")
    private long responseTimeoutMillis;
    @PropertyInject(value = "dottedsign.retry.max-retries", defaultValue = "3")
    private int maxRetries;
    @PropertyInject(value = "dottedsign.retry.max-rate-limit-retries", defaultValue = "3")
    private int maxRateLimitRetries;
    @PropertyInject(value = "dottedsign.retry.initial-delay", defaultValue = "1000")
    private long initialRetryDelayMillis;
    @PropertyInject(value = "dottedsign.retry.max-delay", defaultValue = "30000")
    private long maxRetryDelayMillis;
    @PropertyInject(value = "dottedsign.quota.wait", defaultValue = "3600000")
    private long quotaWaitMillis;

    @Override
    public void configure(CamelContext camelContext) {
        DottedSignSettings settings = new DottedSignSettings(
                baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                clientId, clientSecret, templateId, DottedSignSettings.SignatureMode.parse(signatureMode));
        MissingSettings.report(LOG, settings.missing());
        camelContext.getRegistry().bind(SETTINGS, settings);
        camelContext.getRegistry().bind(CLIENT_SETTINGS, new DottedSignClientSettings(rateLimitRequests,
                Duration.ofMillis(rateLimitPeriodMillis), Duration.ofMillis(connectTimeoutMillis),
                Duration.ofMillis(responseTimeoutMillis), maxRetries, maxRateLimitRetries,
                Duration.ofMillis(initialRetryDelayMillis), Duration.ofMillis(maxRetryDelayMillis),
                Duration.ofMillis(quotaWaitMillis),
                // Blank by default, which @PropertyInject cannot express: read directly.
                camelContext.getPropertiesComponent().resolveProperty("dottedsign.scope").orElse("")));
    }
}
