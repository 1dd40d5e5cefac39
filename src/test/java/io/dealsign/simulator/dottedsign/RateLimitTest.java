package io.dealsign.simulator.dottedsign;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RateLimitTest extends SimulatorTest {

    private static final String LIST = "/v1/sign_tasks/list";

    @Test
    void should_be_unlimited_by_default() {
        for (int i = 0; i < 50; i++) {
            assertThat(client.get(LIST, token).status()).isEqualTo(200);
        }
    }

    @Test
    void should_answer_429_with_retry_after_once_the_window_is_used_up() {
        sim.rateLimit(3, Duration.ofSeconds(30));

        for (int i = 0; i < 3; i++) {
            assertThat(client.get(LIST, token).status()).isEqualTo(200);
        }
        ApiClient.Response limited = client.get(LIST, token);

        assertError(limited, 429001, "too_many_requests", "rate limit");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 30);
    }

    @Test
    void should_answer_429_without_retry_after_when_switched_off() {
        sim.rateLimit(1, Duration.ofSeconds(30)).retryAfterHeader(false);
        client.get(LIST, token);

        ApiClient.Response limited = client.get(LIST, token);

        assertError(limited, 429001, "too_many_requests", "rate limit");
        assertThat(limited.header("Retry-After")).isNull();
    }

    @Test
    void should_count_the_token_endpoint_and_unauthenticated_calls_too() {
        sim.rateLimit(2, Duration.ofSeconds(30));
        client.requestToken("test-client", "test-secret-for-hmac");
        client.get(LIST, null);

        assertThat(client.requestToken("test-client", "test-secret-for-hmac").status()).isEqualTo(429);
    }

    @Test
    void should_exempt_control_paths_from_the_rate_limit() {
        sim.rateLimit(1, Duration.ofSeconds(30));
        client.get(LIST, token);
        assertThat(client.get(LIST, token).status()).isEqualTo(429);

        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/_sim/settings", null).status()).isEqualTo(200);
        }
        assertThat(client.get(LIST, token).status()).as("control calls used no quota, the API is still limited").isEqualTo(429);
    }

    @Test
    void should_allow_requests_again_in_the_next_window() {
        sim.rateLimit(1, Duration.ofMillis(300));
        client.get(LIST, token);
        assertThat(client.get(LIST, token).status()).isEqualTo(429);

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.get(LIST, token).status() == 200);
    }

    @Test
    void should_lift_the_limit_at_run_time() {
        sim.rateLimit(1, Duration.ofSeconds(30));
        client.get(LIST, token);
        assertThat(client.get(LIST, token).status()).isEqualTo(429);

        sim.unlimitedRate();

        assertThat(client.get(LIST, token).status()).isEqualTo(200);
    }
}
