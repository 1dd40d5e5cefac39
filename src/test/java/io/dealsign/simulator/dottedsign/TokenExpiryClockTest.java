package io.dealsign.simulator.dottedsign;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Token expiry with a hand-moved clock: exact boundaries, no waiting. */
class TokenExpiryClockTest extends SimulatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    @Override
    protected DottedSignSimulator newSimulator() {
        return new DottedSignSimulator(clock).clientCredentials("test-client", "test-secret-for-hmac");
    }

    @Test
    void should_keep_a_token_valid_until_exactly_its_lifetime_has_passed() {
        clock.advance(Duration.ofSeconds(7199));
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        assertError(client.get("/v1/sign_tasks/list", token), 400002, "invalid_token", "token");
    }

    @Test
    void should_apply_a_changed_lifetime_to_tokens_issued_afterwards_only() {
        sim.tokenLifetime(Duration.ofSeconds(60));
        String shortLived = client.token(sim);

        clock.advance(Duration.ofSeconds(61));

        assertError(client.get("/v1/sign_tasks/list", shortLived), 400002, "invalid_token", "token");
        assertThat(client.get("/v1/sign_tasks/list", token).status()).as("the earlier 7200 s token").isEqualTo(200);
    }
}
