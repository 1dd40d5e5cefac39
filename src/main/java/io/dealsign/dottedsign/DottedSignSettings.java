package io.dealsign.dottedsign;

import io.dealsign.settings.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the service reaches DottedSign and checks its webhook signatures. */
public record DottedSignSettings(String baseUrl, String clientId, String clientSecret, String templateId,
                                 SignatureMode signatureMode) {

    /** How DottedSign encodes the webhook {@code Signature} header; the vendor does not say which. */
    public enum SignatureMode {
        HEX, BASE64, JWT;

        public static SignatureMode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("dottedsign.webhook.signature-mode must be hex, base64 or jwt, not '"
                        + value + "'");
            }
        }
    }

    public static final Setting CLIENT_ID = new Setting("dottedsign.client-id",
            "DottedSign client id: no calls to DottedSign are made without it");
    public static final Setting CLIENT_SECRET = new Setting("dottedsign.client-secret",
            "DottedSign client secret: no calls to DottedSign are made, and DottedSign webhooks are refused, without it");
    public static final Setting TEMPLATE_ID = new Setting("dottedsign.template-id",
            "DottedSign template id: no signing task can be created without it");

    public List<Setting> missing() {
        List<Setting> missing = new ArrayList<>();
        if (Setting.isBlank(clientId)) {
            missing.add(CLIENT_ID);
        }
        if (Setting.isBlank(clientSecret)) {
            missing.add(CLIENT_SECRET);
        }
        if (Setting.isBlank(templateId)) {
            missing.add(TEMPLATE_ID);
        }
        return missing;
    }

    public boolean canCallApi() {
        return !Setting.isBlank(clientId) && !Setting.isBlank(clientSecret);
    }

    /** Never prints a secret, whoever logs this record. */
    @Override
    public String toString() {
        return "DottedSignSettings[baseUrl=" + baseUrl + ", clientId=" + (Setting.isBlank(clientId) ? "(not set)" : clientId)
                + ", clientSecret=" + (Setting.isBlank(clientSecret) ? "(not set)" : "(set)")
                + ", templateId=" + templateId + ", signatureMode=" + signatureMode + "]";
    }
}
