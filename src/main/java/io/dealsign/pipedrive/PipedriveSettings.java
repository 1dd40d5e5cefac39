package io.dealsign.pipedrive;

import io.dealsign.settings.Setting;

import java.util.ArrayList;
import java.util.List;

/** How the service reaches Pipedrive and how Pipedrive's webhooks authenticate to it. */
public record PipedriveSettings(String baseUrl, String apiToken, String webhookUsername, String webhookPassword) {

    public static final Setting API_TOKEN = new Setting("pipedrive.api-token",
            "Pipedrive API token: no calls to Pipedrive are made without it");
    public static final Setting WEBHOOK_USERNAME = new Setting("pipedrive.webhook.username",
            "Pipedrive webhook user name: Pipedrive webhooks are refused without it");
    public static final Setting WEBHOOK_PASSWORD = new Setting("pipedrive.webhook.password",
            "Pipedrive webhook password: Pipedrive webhooks are refused without it");

    public List<Setting> missing() {
        List<Setting> missing = new ArrayList<>();
        if (Setting.isBlank(apiToken)) {
            missing.add(API_TOKEN);
        }
        if (Setting.isBlank(webhookUsername)) {
            missing.add(WEBHOOK_USERNAME);
        }
        if (Setting.isBlank(webhookPassword)) {
            missing.add(WEBHOOK_PASSWORD);
        }
        return missing;
    }

    public boolean canCallApi() {
        return !Setting.isBlank(apiToken);
    }

    /** Never prints a secret, whoever logs this record. */
    @Override
    public String toString() {
        return "PipedriveSettings[baseUrl=" + baseUrl + ", apiToken=" + mask(apiToken)
                + ", webhookUsername=" + mask(webhookUsername) + ", webhookPassword=" + mask(webhookPassword) + "]";
    }

    static String mask(String secret) {
        return Setting.isBlank(secret) ? "(not set)" : "(set)";
    }
}
