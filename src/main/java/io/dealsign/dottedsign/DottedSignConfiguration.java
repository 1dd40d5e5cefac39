package io.dealsign.dottedsign;

import io.dealsign.settings.MissingSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the DottedSign settings, and says at start-up which credentials are missing. */
public class DottedSignConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "dottedSignSettings";
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

    @Override
    public void configure(CamelContext camelContext) {
        DottedSignSettings settings = new DottedSignSettings(
                baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                clientId, clientSecret, templateId, DottedSignSettings.SignatureMode.parse(signatureMode));
        MissingSettings.report(LOG, settings.missing());
        camelContext.getRegistry().bind(SETTINGS, settings);
    }
}
