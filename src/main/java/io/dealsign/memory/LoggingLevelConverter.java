package io.dealsign.memory;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.support.TypeConverterSupport;

import java.util.Locale;

/**
 * Converts a String to Camel's {@link LoggingLevel}, registered as the exact converter for that pair.
 *
 * <p>Why: Camel 4.18 rebuilds an {@code onException}'s redelivery policy from its option strings at every
 * exception it handles, and parses the two log levels through its type converters. No exact converter exists
 * for {@code String -> LoggingLevel}, so each parse runs the enum fallback, which searches the whole converter
 * registry (copying every candidate's interface array) without caching the miss: about 100 KB of garbage per
 * handled exception, a fifth of all allocation when every webhook's flow fails at its first API call. With this
 * converter the lookup is one map hit.
 */
final class LoggingLevelConverter extends TypeConverterSupport {

    static void register(CamelContext camelContext) {
        camelContext.getTypeConverterRegistry().addTypeConverter(LoggingLevel.class, String.class,
                new LoggingLevelConverter());
    }

    @Override
    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        // Like Camel's enum converter: exact name first, then any case.
        String name = text.trim();
        for (LoggingLevel level : LoggingLevel.values()) {
            if (level.name().equals(name)) {
                return type.cast(level);
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        for (LoggingLevel level : LoggingLevel.values()) {
            if (level.name().equals(upper)) {
                return type.cast(level);
            }
        }
        return null;
    }
}
