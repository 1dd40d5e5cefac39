package io.dealsign.simulator.pipedrive;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/** A fresh simulator, a client holding its token and a webhook receiver for each test. */
abstract class SimulatorTestSupport {

    static final String TOKEN = "test-token-123";

    PipedriveSimulator sim;
    ApiClient api;
    WebhookReceiver receiver;

    @BeforeEach
    void startSimulator() {
        sim = new PipedriveSimulator(TOKEN).webhookTimeScale(0.01).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopSimulator() {
        receiver.close();
        sim.close();
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}
