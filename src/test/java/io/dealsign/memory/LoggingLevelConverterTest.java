package io.dealsign.memory;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingLevelConverterTest {

    @Test
    void should_convert_level_names_in_any_case_with_an_exact_converter() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            new MemoryConfiguration().configure(context);
            context.start();

            assertThat(context.getTypeConverterRegistry().lookup(LoggingLevel.class, String.class))
                    .isInstanceOf(LoggingLevelConverter.class);
            assertThat(context.getTypeConverter().mandatoryConvertTo(LoggingLevel.class, "WARN"))
                    .isEqualTo(LoggingLevel.WARN);
            assertThat(context.getTypeConverter().mandatoryConvertTo(LoggingLevel.class, " debug "))
                    .isEqualTo(LoggingLevel.DEBUG);
            assertThat(context.getTypeConverter().tryConvertTo(LoggingLevel.class, "LOUD")).isNull();
        }
    }

    @Test
    void should_still_handle_an_exception_whose_policy_names_log_levels() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            new MemoryConfiguration().configure(context);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fails")
                            .onException(IllegalStateException.class)
                                .handled(true)
                                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                                .retriesExhaustedLogLevel(LoggingLevel.WARN)
                                .setBody(constant("handled"))
                            .end()
                            .throwException(new IllegalStateException("no answer"));
                }
            });
            context.start();

            Object answer = context.createProducerTemplate().requestBody("direct:fails", "event");

            assertThat(answer).isEqualTo("handled");
        }
    }
}
