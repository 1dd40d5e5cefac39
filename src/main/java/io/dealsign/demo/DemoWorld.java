package io.dealsign.demo;

import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.simulator.dottedsign.SignatureMode;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both simulators on free ports, with credentials made up for this run, and the settings that point
 * the service at them as an operator points it at real accounts: base URLs, API token, webhook Basic
 * credentials, client id and secret, template id, and the public URL the webhook watchdog subscribes
 * Pipedrive's deal events to.
 */
final class DemoWorld implements AutoCloseable {

    static final long TEMPLATE_ID = 1001;
    private static final SecureRandom RANDOM = new SecureRandom();

    final PipedriveSimulator pipedrive;
    final DottedSignSimulator dottedSign;
    private final String pipedriveToken = secret();
    private final String webhookUser = "pipedrive-demo";
    private final String webhookPassword = secret();
    private final String clientId = "dealsign-demo";
    private final String clientSecret = secret();

    DemoWorld() {
        this.pipedrive = new PipedriveSimulator(pipedriveToken).start();
        DottedSignSimulator dottedSignSimulator = new DottedSignSimulator().clientCredentials(clientId, clientSecret)
                .acceptedTemplateIds(TEMPLATE_ID).signatureMode(SignatureMode.HEX);
        try {
            dottedSignSimulator.start(0);
        } catch (RuntimeException e) {
            pipedrive.close();
            throw e;
        }
        this.dottedSign = dottedSignSimulator;
    }

    /**
     * Points DottedSign's webhooks at the service at {@code serviceUrl}, and answers the settings that
     * point the service at both simulators (Pipedrive's webhooks follow from {@code sync.public-url}).
     */
    Map<String, String> connect(String serviceUrl) {
        // DottedSign has no subscription API: its webhook URL is set in the application's console.
        dottedSign.webhookUrl(serviceUrl + "/webhooks/dottedsign");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pipedrive.base-url", pipedrive.baseUrl());
        settings.put("pipedrive.api-token", pipedriveToken);
        settings.put("pipedrive.webhook.username", webhookUser);
        settings.put("pipedrive.webhook.password", webhookPassword);
        settings.put("dottedsign.base-url", dottedSign.baseUrl());
        settings.put("dottedsign.client-id", clientId);
        settings.put("dottedsign.client-secret", clientSecret);
        settings.put("dottedsign.template-id", String.valueOf(TEMPLATE_ID));
        settings.put("dottedsign.webhook.signature-mode", SignatureMode.HEX.name().toLowerCase(java.util.Locale.ROOT));
        // Pipedrive's subscription is made by the service's own watchdog, as in production.
        settings.put("sync.public-url", serviceUrl);
        return settings;
    }

    static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        try {
            pipedrive.close();
        } finally {
            dottedSign.close();
        }
    }
}
