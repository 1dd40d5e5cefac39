package io.dealsign.observe;

import io.dealsign.observe.LogFormatEncoder.Format;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which log format -Dlog.format and LOG_FORMAT choose. */
class LogFormatEncoderTest {

    private final List<String> unknown = new ArrayList<>();

    private Format chosen(Map<String, String> properties, Map<String, String> environment) {
        return LogFormatEncoder.chosen(properties::get, environment::get, unknown::add);
    }

    @Test
    void should_log_text_when_nothing_is_set() {
        assertThat(chosen(Map.of(), Map.of())).isEqualTo(Format.TEXT);
    }

    @Test
    void should_log_json_when_the_environment_says_so_in_any_case() {
        assertThat(chosen(Map.of(), Map.of("LOG_FORMAT", "json"))).isEqualTo(Format.JSON);
        assertThat(chosen(Map.of(), Map.of("LOG_FORMAT", " JSON "))).isEqualTo(Format.JSON);
    }

    @Test
    void should_let_the_system_property_win_over_the_environment() {
        assertThat(chosen(Map.of("log.format", "text"), Map.of("LOG_FORMAT", "json"))).isEqualTo(Format.TEXT);
        assertThat(chosen(Map.of("log.format", "json"), Map.of())).isEqualTo(Format.JSON);
    }

    @Test
    void should_log_text_and_say_so_when_the_value_is_no_format() {
        assertThat(chosen(Map.of(), Map.of("LOG_FORMAT", "xml"))).isEqualTo(Format.TEXT);
        assertThat(unknown).containsExactly("xml");
    }
}
