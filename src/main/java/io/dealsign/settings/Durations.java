package io.dealsign.settings;

import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.Locale;

/** How a duration setting is written: milliseconds, ISO-8601 ({@code PT15M}), or Camel's short form ({@code 15m}). */
public final class Durations {

    private Durations() {
    }

    /**
     * The duration {@code value} of the setting {@code key}.
     *
     * @throws IllegalArgumentException naming the setting, when the value is none of the three forms
     */
    public static Duration parse(String key, String value) {
        String text = value.trim();
        try {
            if (text.matches("\\d+")) {
                return Duration.ofMillis(Long.parseLong(text));
            }
            if (text.regionMatches(true, 0, "P", 0, 1) || text.regionMatches(true, 0, "-P", 0, 2)) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            // Camel's own reader turns what it cannot read into zero, so only its short form goes to it.
            if (text.matches("(?i)(\\d+\\s*(ms|s|m|h|d)\\s*)+")) {
                return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
            }
        } catch (RuntimeException unreadable) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(key + " must be a duration (milliseconds, ISO-8601 such as PT15M, or 15m),"
                + " not '" + value + "'");
    }
}
