package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without credentials (or a template, to create) no request is made and the work waits, at no cost to it. */
class UnconfiguredClientTest {

    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    private static DottedSignClient client(String clientId, String clientSecret, String templateId) {
        DottedSignSettings settings = new DottedSignSettings("http://dottedsign", clientId, clientSecret, templateId,
                DottedSignSettings.SignatureMode.HEX);
        // No template: sending anything would fail the test with a NullPointerException.
        return new DottedSignClient(null, DottedSignApi.CALL, settings,
                new DottedSignRetries(DottedSignClientSettings.defaults()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void should_hold_every_call_when_client_credentials_are_not_set() {
        DottedSignClient client = client("", "", "1");

        assertThatThrownBy(() -> client.readTask(5))
                .isInstanceOfSatisfying(RetryLater.class, later -> {
                    assertThat(later.notBefore()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
                    assertThat(later.getMessage()).contains("dottedsign.client-id");
                });
        assertThatThrownBy(() -> client.findTasksByDeal(1)).isInstanceOf(RetryLater.class);
        assertThatThrownBy(() -> client.download(new SignedFileRequest(5, "completed"))).isInstanceOf(RetryLater.class);
    }

    @Test
    void should_hold_a_create_when_the_template_id_is_not_set() {
        DottedSignClient client = client("id", "secret", " ");

        assertThatThrownBy(() -> client.createTask(new NewTask("Contract", "Jane", "jane@example.com", 1)))
                .isInstanceOfSatisfying(RetryLater.class,
                        later -> assertThat(later.getMessage()).contains("dottedsign.template-id"));
    }
}
