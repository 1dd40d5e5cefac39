package io.dealsign.webhook;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final ReplayWindow window = new ReplayWindow(Duration.ofMinutes(15), Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void should_accept_events_from_the_last_fifteen_minutes_and_up_to_five_minutes_ahead() {
        assertThat(window.refusal(NOW)).isEmpty();
        assertThat(window.refusal(NOW.minus(Duration.ofMinutes(15)))).isEmpty();
        assertThat(window.refusal(NOW.plus(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void should_refuse_an_older_event_as_a_possible_replay() {
        assertThat(window.refusal(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1)))
                .hasValue("event_datetime 2026-11-27T11:44:59Z is more than 15 minutes old: refused as a possible replay");
    }

    @Test
    void should_refuse_an_event_from_further_in_the_future_naming_the_server_clock() {
        assertThat(window.refusal(NOW.plus(Duration.ofHours(8))))
                .hasValue("event_datetime 2026-11-27T20:00:00Z is more than 5 minutes ahead of this server's clock"
                        + " (2026-11-27T12:00:00Z)");
    }

    @Test
    void should_accept_any_time_when_the_window_is_turned_off() {
        ReplayWindow off = new ReplayWindow(Duration.ZERO, Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(off.isOff()).isTrue();
        assertThat(off.refusal(Instant.EPOCH)).isEmpty();
        assertThat(off.refusal(Instant.MAX)).isEmpty();
    }

    @Test
    void should_describe_durations_the_way_operators_write_them() {
        assertThat(ReplayWindow.describe(Duration.ofHours(24))).isEqualTo("24 hours");
        assertThat(ReplayWindow.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(ReplayWindow.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
