package io.dealsign.pipedrive;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;
import io.dealsign.testing.RunningService;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pipedrive simulator on a free port and the whole service pointed at it, started once per test
 * class, with helpers to call the {@code direct:pipedrive-*} endpoints as a flow would.
 */
final class PipedriveHarness implements AutoCloseable {

    static final String TOKEN = "test-token-7f3c9a";

    final PipedriveSimulator sim;
    final RunningService service;
    final ProducerTemplate template;

    private PipedriveHarness(PipedriveSimulator sim, RunningService service) {
        this.sim = sim;
        this.service = service;
        this.template = service.camelContext().createProducerTemplate();
    }

    /** Fast retries so that tests stay short; {@code overrides} are "key", "value" pairs. */
    static PipedriveHarness start(String... overrides) {
        PipedriveSimulator sim = new PipedriveSimulator(TOKEN).start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("pipedrive.base-url", sim.baseUrl());
        properties.put("pipedrive.api-token", TOKEN);
        properties.put("pipedrive.retry.first-delay", "100");
        properties.put("pipedrive.retry.max-delay", "5000");
        properties.put("pipedrive.http.response-timeout", "2000");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            properties.put(overrides[i], overrides[i + 1]);
        }
        RunningService.Builder builder = RunningService.builder();
        properties.forEach(builder::property);
        try {
            return new PipedriveHarness(sim, builder.start());
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    <T> T call(String endpoint, Object body, Class<T> type) {
        return template.requestBody(endpoint, body, type);
    }

    /** The exception the endpoint ended with, unwrapped from Camel's. */
    Throwable failure(String endpoint, Object body) {
        try {
            template.requestBody(endpoint, body);
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError(endpoint + " did not fail");
    }

    Exchange exchange(String endpoint, Object body, Map<String, Object> headers) {
        return template.request(endpoint, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    /** Calls that reached the REST API (not the simulator's control API). */
    List<RecordedRequest> apiCalls() {
        return sim.requests().matching(r -> r.path().startsWith("/api/"));
    }

    long apiCallsAnswered(int status) {
        return apiCalls().stream().filter(r -> r.status() == status).count();
    }

    PipedriveBudget budget() {
        return service.camelContext().getRegistry().lookupByNameAndType(PipedriveBudget.BEAN, PipedriveBudget.class);
    }

    /** Back to a well-behaved Pipedrive between tests. */
    void reset() {
        sim.faults().none();
        sim.burstLimit(0, Duration.ofSeconds(2));
        sim.unlimitedDailyBudget();
        sim.retryAfterHeader(false);
        sim.cloudflareEscalation(0, Duration.ofMinutes(10));
        budget().resume();
        sim.requests().clear();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            sim.close();
        }
    }
}
