package io.dealsign.pipedrive;

import io.dealsign.settings.MissingSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the Pipedrive settings, and says at start-up which credentials are missing. */
public class PipedriveConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "pipedriveSettings";
    private static final Logger LOG = LoggerFactory.getLogger(PipedriveConfiguration.class);

    @PropertyInject("pipedrive.base-url")
    private String baseUrl;
    @PropertyInject(value = "pipedrive.api-token", defaultValue = "")
    private String apiToken;
    @PropertyInject(value = "pipedrive.webhook.username", defaultValue = "")
    private String webhookUsername;
    @PropertyInject(value = "pipedrive.webhook.password", defaultValue = "")
    private String webhookPassword;

    @Override
    public void configure(CamelContext camelContext) {
        PipedriveSettings settings = new PipedriveSettings(withoutTrailingSlash(baseUrl), apiToken, webhookUsername,
                webhookPassword);
        MissingSettings.report(LOG, settings.missing());
        camelContext.getRegistry().bind(SETTINGS, settings);
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
