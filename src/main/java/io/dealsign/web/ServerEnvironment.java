package io.dealsign.web;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Applies {@code CAMEL_SERVER_*} and {@code CAMEL_MANAGEMENT_*} environment variables as the system
 * properties they name, unless a {@code -D} already sets the key.
 *
 * <p>Why: Camel 4.18 Main reads these variables only after it has configured the HTTP servers. With
 * {@code CAMEL_SERVER_PORT=9000}, the webhooks stayed on the settings file's port while
 * {@code camel.management.port = {{camel.server.port}}} resolved the variable, so health moved to 9000
 * and the service listened on two ports. System properties are read early enough.
 */
public final class ServerEnvironment {

    private static final String[] PREFIXES = {"CAMEL_SERVER_", "CAMEL_MANAGEMENT_"};

    private ServerEnvironment() {
    }

    public static void apply(Map<String, String> environment, Properties systemProperties) {
        environment.forEach((name, value) -> {
            for (String prefix : PREFIXES) {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    systemProperties.putIfAbsent(key(prefix, name), value);
                }
            }
        });
    }

    /** {@code CAMEL_SERVER_MAX_BODY_SIZE} -> {@code camel.server.max-body-size}, Camel's relaxed form. */
    static String key(String prefix, String name) {
        String group = prefix.substring(0, prefix.length() - 1).toLowerCase(Locale.ROOT).replace('_', '.');
        return group + "." + name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
