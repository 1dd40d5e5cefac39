package io.dealsign.web;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ServerEnvironmentTest {

    @Test
    void should_turn_server_variables_into_system_properties_without_overriding_a_system_property() {
        Properties system = new Properties();
        system.setProperty("camel.server.host", "127.0.0.1");

        ServerEnvironment.apply(Map.of("CAMEL_SERVER_PORT", "9000", "CAMEL_SERVER_HOST", "0.0.0.0",
                "CAMEL_SERVER_MAX_BODY_SIZE", "100", "CAMEL_MANAGEMENT_PORT", "9001", "CAMEL_MAIN_NAME", "x",
                "CAMEL_SERVER_", "ignored", "PIPEDRIVE_API_TOKEN", "secret"), system);

        assertThat(system).containsOnly(Map.entry("camel.server.port", "9000"), Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("camel.server.max-body-size", "100"), Map.entry("camel.management.port", "9001"));
    }
}
