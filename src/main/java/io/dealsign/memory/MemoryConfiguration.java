package io.dealsign.memory;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * What keeps the service's memory small: less garbage per handled failure ({@link LoggingLevelConverter}), and
 * the heap a burst grew given back once the service is quiet ({@link IdleHeapReturn}).
 */
public class MemoryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryConfiguration.class);

    @PropertyInject(value = IdleHeapReturn.SETTING, defaultValue = "PT30S")
    private String idleHeapReturn = "PT30S";

    @Override
    public void configure(CamelContext camelContext) {
        LoggingLevelConverter.register(camelContext);
        LOG.info(IdleHeapReturn.apply(duration(idleHeapReturn), IdleHeapReturn.hotSpot()));
    }

    /** Milliseconds, ISO-8601 ({@code PT1M}) or Camel's short form ({@code 1m}, {@code 90s}). */
    static Duration duration(String value) {
        String text = value.trim();
        try {
            if (text.regionMatches(true, 0, "P", 0, 1)) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.matches("(?i)\\d+|(\\d+\\s*(ms|s|m|h|d)\\s*)+")) {
                return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
            }
        } catch (RuntimeException unreadable) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(IdleHeapReturn.SETTING
                + " must be a duration (milliseconds, ISO-8601 such as PT1M, or 1m), not '" + value + "'");
    }
}
