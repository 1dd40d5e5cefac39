package io.dealsign.memory;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import io.dealsign.settings.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

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

    static Duration duration(String value) {
        return Durations.parse(IdleHeapReturn.SETTING, value);
    }
}
