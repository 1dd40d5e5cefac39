package io.dealsign.settings;

import java.util.Locale;

/** A named setting of the product, and how an operator sets it. */
public record Setting(String key, String description) {

    /** The environment variable Camel maps to this key: upper case, dots and dashes as underscores. */
    public String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** How an operator sets it, for log lines: {@code pipedrive.api-token (env PIPEDRIVE_API_TOKEN)}. */
    public String howToSet() {
        return key + " (env " + environmentVariable() + ")";
    }

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
