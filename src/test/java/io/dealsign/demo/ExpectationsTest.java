package io.dealsign.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationsTest {

    @Test
    void should_return_as_soon_as_the_effect_shows() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();

        new Expectations(Duration.ofSeconds(10)).await("the third look finds it", () -> looks.incrementAndGet() == 3);

        assertThat(looks).hasValue(3);
    }

    @Test
    void should_say_which_effect_did_not_show_when_the_time_is_up() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> new Expectations(Duration.ofMillis(300)).await("deal 7 is marked won", () -> false))
                .isInstanceOf(Expectations.DemoStalled.class)
                .hasMessageContaining("deal 7 is marked won");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }
}
