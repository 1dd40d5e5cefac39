package io.dealsign.memory;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** What keeps the service's memory small: less garbage per handled failure. */
public class MemoryConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) {
        LoggingLevelConverter.register(camelContext);
    }
}
