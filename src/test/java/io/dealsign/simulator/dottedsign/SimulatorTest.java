package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts a fresh simulator on a free port for every test, with a client that already holds a token. */
abstract class SimulatorTest {

    static {
        // Until the project has a logback-test.xml: Netty's DEBUG start-up chatter buries test output.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.INFO);
    }

    protected DottedSignSimulator sim;
    protected ApiClient client;
    protected String token;

    /** Override to start the simulator with another clock or settings. */
    protected DottedSignSimulator newSimulator() {
        return new DottedSignSimulator().clientCredentials("test-client", "test-secret-for-hmac");
    }

    @BeforeEach
    void startSimulator() {
        sim = newSimulator().start(0);
        client = new ApiClient(sim.baseUrl());
        token = client.token(sim);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    /** The answer is a DottedSign error: HTTP status = first three digits of the code, and the three fields. */
    static void assertError(ApiClient.Response response, int code, String key, String messageContains) {
        assertThat(response.status()).as("HTTP status of %s", response).isEqualTo(code / 1000);
        JsonObject body = response.json();
        assertThat(body.getInteger("error_code")).as("error_code of %s", response).isEqualTo(code);
        assertThat(body.getString("error_key")).isEqualTo(key);
        assertThat(body.getString("error_message")).isNotBlank().contains(messageContains);
    }

    static JsonObject metadata(String key, Object value) {
        return new JsonObject().put(key, value);
    }

    JsonObject read(long taskId) {
        ApiClient.Response response = client.get("/v1/sign_tasks/read?task_id=" + taskId, token);
        assertThat(response.status()).as("read %s: %s", taskId, response).isEqualTo(200);
        return response.data();
    }
}
