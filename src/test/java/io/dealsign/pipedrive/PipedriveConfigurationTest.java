package io.dealsign.pipedrive;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipedriveConfigurationTest {

    @Test
    void should_read_durations_as_milliseconds_or_camel_durations() {
        assertThat(PipedriveConfiguration.duration("2000")).isEqualTo(Duration.ofSeconds(2));
        assertThat(PipedriveConfiguration.duration(" 2s ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(PipedriveConfiguration.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void should_refuse_a_throttle_that_lets_nothing_through_and_cap_the_files_page_at_100() {
        PipedriveLimits d = PipedriveLimits.defaults();

        assertThatThrownBy(() -> new PipedriveLimits(0, d.period(), d.connectTimeout(), d.responseTimeout(), d.maxRetries(),
                d.firstRetryDelay(), d.maxRetryDelay(), d.cloudflarePause(), d.dailyResetZone(), 100))
                .hasMessageContaining("pipedrive.rate-limit.requests");
        assertThat(new PipedriveLimits(16, d.period(), d.connectTimeout(), d.responseTimeout(), d.maxRetries(),
                d.firstRetryDelay(), d.maxRetryDelay(), d.cloudflarePause(), d.dailyResetZone(), 500).filesPageSize())
                .isEqualTo(100);
    }
}
