package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TokenTest extends SimulatorTest {

    private static final String LIST = "/v1/sign_tasks/list";

    @Test
    void should_issue_a_bearer_token_with_lifetime_and_creation_time() {
        ApiClient.Response response = client.requestToken("test-client", "test-secret-for-hmac");

        assertThat(response.status()).isEqualTo(200);
        JsonObject body = response.json();
        assertThat(body.getString("access_token")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getLong("expires_in")).isEqualTo(7200);
        assertThat(body.getLong("created_at")).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(client.get(LIST, body.getString("access_token")).status()).isEqualTo(200);
    }

    @Test
    void should_accept_the_token_request_as_a_form_too() {
        ApiClient.Response response = client.postRaw("/v1/oauth/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=test-client&client_secret=test-secret-for-hmac&scope=sign_tasks.general.read");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("token_type")).isEqualTo("Bearer");
    }

    @Test
    void should_reject_an_unknown_client_as_invalid_client() {
        assertError(client.requestToken("someone-else", "test-secret-for-hmac"), 400005, "invalid_client", "client");
    }

    @Test
    void should_reject_a_wrong_secret_as_invalid_client() {
        assertError(client.requestToken("test-client", "wrong"), 400005, "invalid_client", "client");
    }

    @Test
    void should_reject_a_grant_type_other_than_client_credentials() {
        ApiClient.Response response = client.post("/v1/oauth/token", null, new JsonObject()
                .put("grant_type", "password").put("client_id", "test-client").put("client_secret", "test-secret-for-hmac"));

        assertError(response, 400417, "invalid_params", "grant_type");
    }

    @Test
    void should_answer_401_without_an_authorization_header() {
        assertError(client.get(LIST, null), 401001, "unauthorized", "Bearer");
    }

    @Test
    void should_answer_401_for_an_authorization_header_that_is_not_a_bearer_token() {
        assertError(client.getWithAuthorization(LIST, "Basic dGVzdDp0ZXN0"), 401001, "unauthorized", "Bearer");
        assertError(client.getWithAuthorization(LIST, "Bearer "), 401001, "unauthorized", "Bearer");
        assertError(client.getWithAuthorization(LIST, token), 401001, "unauthorized", "Bearer");
    }

    @Test
    void should_answer_invalid_token_for_a_token_it_never_issued() {
        assertError(client.get(LIST, "made-up-token"), 400002, "invalid_token", "token");
    }

    @Test
    void should_answer_invalid_token_once_the_token_lifetime_has_passed() {
        sim.tokenLifetime(Duration.ofSeconds(1));
        ApiClient.Response issued = client.requestToken("test-client", "test-secret-for-hmac");
        String shortLived = issued.json().getString("access_token");
        assertThat(issued.json().getLong("expires_in")).isEqualTo(1);
        assertThat(client.get(LIST, shortLived).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertError(client.get(LIST, shortLived), 400002, "invalid_token", "expired"));
    }

    @Test
    void should_invalidate_every_issued_token_when_told_to_expire_them_all() {
        String other = client.token(sim);

        sim.expireAllTokens();

        assertError(client.get(LIST, token), 400002, "invalid_token", "token");
        assertError(client.get(LIST, other), 400002, "invalid_token", "token");
        assertThat(client.get(LIST, client.token(sim)).status()).as("a new token works").isEqualTo(200);
    }

    @Test
    void should_expire_a_token_mid_flow_so_a_create_fails_until_a_new_token_is_fetched() {
        long taskId = client.createTask(token, true, metadata("pipedrive_deal_id", 7), "a@example.com");

        sim.expireAllTokens();

        assertError(client.post("/v1/sign_tasks/void", token, new JsonObject().put("task_id", taskId)), 400002, "invalid_token", "token");
        token = client.token(sim);
        assertThat(client.post("/v1/sign_tasks/void", token, new JsonObject().put("task_id", taskId)).status()).isEqualTo(200);
    }
}
