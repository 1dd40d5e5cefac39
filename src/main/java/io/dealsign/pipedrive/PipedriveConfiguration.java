package io.dealsign.pipedrive;

import io.dealsign.settings.MissingSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.util.TimeUtils;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Binds the Pipedrive settings, and says at start-up which credentials are missing. Also binds what the
 * Pipedrive client ({@link PipedriveApi}) works with: its limits, its pause state ({@value PipedriveBudget#BEAN})
 * and its own HTTP client.
 */
public class PipedriveConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "pipedriveSettings";
    public static final String LIMITS = "pipedriveLimits";
    public static final String HTTP_CLIENT = "pipedriveHttpClient";
    private static final Logger LOG = LoggerFactory.getLogger(PipedriveConfiguration.class);

    @PropertyInject("pipedrive.base-url")
    private String baseUrl;
    @PropertyInject(value = "pipedrive.api-token", defaultValue = "")
    private String apiToken;
    @PropertyInject(value = "pipedrive.webhook.username", defaultValue = "")
    private String webhookUsername;
    @PropertyInject(value = "pipedrive.webhook.password", defaultValue = "")
    private String webhookPassword;

    @PropertyInject(value = "pipedrive.rate-limit.requests", defaultValue = "16")
    private int rateLimitRequests;
    @PropertyInject(value = "pipedrive.rate-limit.period", defaultValue = "2000")
    private String rateLimitPeriod;
    @PropertyInject(value = "pipedrive.http.connect-timeout", defaultValue = "5000")
    private String connectTimeout;
    @PropertyInject(value = "pipedrive.http.response-timeout", defaultValue = "30000")
    private String responseTimeout;
    @PropertyInject(value = "pipedrive.retry.max-retries", defaultValue = "3")
    private int maxRetries;
    @PropertyInject(value = "pipedrive.retry.first-delay", defaultValue = "1000")
    private String firstRetryDelay;
    @PropertyInject(value = "pipedrive.retry.max-delay", defaultValue = "30000")
    private String maxRetryDelay;
    @PropertyInject(value = "pipedrive.cloudflare.pause", defaultValue = "600000")
    private String cloudflarePause;
    @PropertyInject(value = "pipedrive.daily-budget.reset-zone", defaultValue = "UTC")
    private String dailyResetZone;
    @PropertyInject(value = "pipedrive.files.page-size", defaultValue = "100")
    private int filesPageSize;

    @Override
    public void configure(CamelContext camelContext) {
        PipedriveSettings settings = new PipedriveSettings(withoutTrailingSlash(baseUrl), apiToken, webhookUsername,
                webhookPassword);
        MissingSettings.report(LOG, settings.missing());
        camelContext.getRegistry().bind(SETTINGS, settings);

        PipedriveLimits limits = new PipedriveLimits(rateLimitRequests, duration(rateLimitPeriod),
                duration(connectTimeout), duration(responseTimeout), maxRetries, duration(firstRetryDelay),
                duration(maxRetryDelay), duration(cloudflarePause), ZoneId.of(dailyResetZone.trim()), filesPageSize);
        camelContext.getRegistry().bind(LIMITS, limits);
        PipedriveBudget budget = new PipedriveBudget(Clock.systemUTC());
        camelContext.getRegistry().bind(PipedriveBudget.BEAN, budget);
        HealthCheckRegistry.get(camelContext).register(new PipedriveBudgetHealthCheck(budget));
        // PipedriveApi's HTTP endpoint owns the client from here on and closes it when it stops.
        camelContext.getRegistry().bind(HTTP_CLIENT, httpClient(settings, limits));
    }

    /**
     * The client for Pipedrive calls only, so that nothing another component is configured with applies to it:
     * explicit timeouts; no automatic retries (httpclient5 would otherwise repeat a 429 or 503 on its own,
     * sleeping through Retry-After, unseen by our throttle and pause); no redirects, no cookies; the token
     * added as the {@code x-api-token} header here, so it is never in a URL or on a Camel message.
     */
    static CloseableHttpClient httpClient(PipedriveSettings settings, PipedriveLimits limits) {
        Timeout connect = Timeout.ofMilliseconds(limits.connectTimeout().toMillis());
        Timeout response = Timeout.ofMilliseconds(limits.responseTimeout().toMillis());
        String token = settings.apiToken() == null ? "" : settings.apiToken().trim();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(response)
                                // a pooled connection the server closed is noticed before use, not as a failed call
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .setMaxConnTotal(20)
                        .setMaxConnPerRoute(20)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(response)
                        .setConnectionRequestTimeout(response)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("dealsign-sync")
                .addRequestInterceptorFirst((request, entity, context) -> {
                    request.setHeader("x-api-token", token);
                    request.setHeader("Accept", "application/json");
                })
                .build();
    }

    /** Milliseconds ({@code 2000}) or a Camel duration ({@code 2s}, {@code 10m}). */
    static Duration duration(String value) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(value.trim()));
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
