package io.dealsign.webhook;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSettingsTest {

    private static WebhookSettings with(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return WebhookSettings.from(context);
    }

    @Test
    void should_default_to_one_mebibyte_five_seconds_and_a_fifteen_minute_replay_window() {
        WebhookSettings settings = with();

        assertThat(settings).isEqualTo(WebhookSettings.defaults());
        assertThat(settings.maxBodySize()).isEqualTo(1_048_576);
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.dottedSignMaxAge()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.dottedSignMaxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void should_read_durations_as_milliseconds_iso_8601_or_camels_short_form() {
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "86400000").dottedSignMaxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "PT24H").dottedSignMaxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "pt1h").dottedSignMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "1h30m").dottedSignMaxAge()).isEqualTo(Duration.ofMinutes(90));
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "0").dottedSignMaxAge()).isZero();
        assertThat(with(WebhookSettings.MAX_BODY_SIZE, " 2048 ").maxBodySize()).isEqualTo(2048);
        assertThat(with(WebhookSettings.DOTTEDSIGN_MAX_CLOCK_SKEW, "").dottedSignMaxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void should_stop_the_start_up_with_the_key_when_a_value_cannot_be_read() {
        assertThatThrownBy(() -> with(WebhookSettings.MAX_BODY_SIZE, "1MB"))
                .hasMessageContaining("sync.webhook.max-body-size must be a number of bytes, not '1MB'");
        assertThatThrownBy(() -> with(WebhookSettings.MAX_BODY_SIZE, "0")).hasMessageContaining("sync.webhook.max-body-size");
        assertThatThrownBy(() -> with(WebhookSettings.DOTTEDSIGN_MAX_AGE, "a day"))
                .hasMessageContaining("dottedsign.webhook.max-age must be a duration");
        assertThatThrownBy(() -> with(WebhookSettings.DOTTEDSIGN_MAX_CLOCK_SKEW, "-PT5M"))
                .hasMessageContaining("dottedsign.webhook.max-clock-skew must not be negative");
        assertThatThrownBy(() -> with(WebhookSettings.READ_TIMEOUT, "0")).hasMessageContaining("sync.webhook.read-timeout");
    }
}
