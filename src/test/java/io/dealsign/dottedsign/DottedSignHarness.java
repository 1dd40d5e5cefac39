package io.dealsign.dottedsign;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.testing.RunningService;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service, started in-process as {@code java -jar} starts it, pointed at a DottedSign simulator on a
 * free port; endpoints are called as a flow calls them.
 */
final class DottedSignHarness implements AutoCloseable {

    static final String CLIENT_ID = "dealsign-test-client";
    static final String CLIENT_SECRET = "s3cr3t-never-in-logs";
    static final long TEMPLATE_ID = 4242;

    final DottedSignSimulator simulator;
    final RunningService service;
    private final ProducerTemplate template;

    private DottedSignHarness(DottedSignSimulator simulator, RunningService service) {
        this.simulator = simulator;
        this.service = service;
        this.template = service.camelContext().createProducerTemplate();
    }

    /** Fast settings for tests: a generous pace and millisecond backoffs; {@code overrides} win. */
    static DottedSignHarness start(Map<String, String> overrides) {
        DottedSignSimulator simulator = new DottedSignSimulator().clientCredentials(CLIENT_ID, CLIENT_SECRET);
        simulator.start(0);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("dottedsign.base-url", simulator.baseUrl());
        properties.put("dottedsign.client-id", CLIENT_ID);
        properties.put("dottedsign.client-secret", CLIENT_SECRET);
        properties.put("dottedsign.template-id", String.valueOf(TEMPLATE_ID));
        properties.put("dottedsign.rate-limit.requests", "1000");
        properties.put("dottedsign.rate-limit.period", "1000");
        properties.put("dottedsign.retry.initial-delay", "20");
        properties.put("dottedsign.retry.max-delay", "200");
        properties.putAll(overrides);
        RunningService.Builder builder = RunningService.builder();
        properties.forEach(builder::property);
        try {
            return new DottedSignHarness(simulator, builder.start());
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    static DottedSignHarness start() {
        return start(Map.of());
    }

    /** Calls an endpoint and answers its body; throws what the route threw (not Camel's wrapper). */
    <T> T call(String endpoint, Object body, Class<T> type) {
        return call(endpoint, body, Map.of(), type);
    }

    <T> T call(String endpoint, Object body, Map<String, Object> headers, Class<T> type) {
        try {
            return template.requestBodyAndHeaders(endpoint, body, headers, type);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Calls an endpoint and answers the whole exchange, headers included (failures stay on it). */
    Exchange exchange(String endpoint, Object body, Map<String, Object> headers) {
        return template.send(endpoint, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(new LinkedHashMap<>(headers));
        });
    }

    SignTask createTask(long dealId) {
        return call(DottedSignApi.CREATE_TASK, new NewTask("Contract deal " + dealId, "Jane Signer", "jane@example.com", dealId),
                SignTask.class);
    }

    List<RecordedRequest> requests(String method, String path) {
        return simulator.requests().calls(method, path);
    }

    long tokenRequests() {
        return simulator.requests().count("POST", "/v1/oauth/token");
    }

    @Override
    public void close() {
        try {
            template.close();
            service.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            simulator.close();
        }
    }
}
