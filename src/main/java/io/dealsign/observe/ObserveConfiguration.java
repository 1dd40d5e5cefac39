package io.dealsign.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.LifecycleStrategySupport;

import java.time.Clock;
import java.util.List;

/**
 * Wires what an operator watches: the Prometheus registry that {@code /observe/metrics} serves (Camel's
 * route metrics, {@code camel.metrics.*}, and {@link BusinessMetrics}), each API's {@link ApiReachability}
 * as a health check and a gauge, and the deal and task ids of the event being run as log fields
 * ({@link FlowLogContext}).
 */
public class ObserveConfiguration implements CamelConfiguration {

    @PropertyInject(value = "sync.observe.api-down-after", defaultValue = "3")
    private int apiDownAfter;

    @Override
    public void configure(CamelContext camelContext) {
        PrometheusMeterRegistry registry = prometheusRegistry(camelContext);
        // The business counters are recorded into the global registry (the inbox and the pollers have no other
        // way to reach a registry); this service's registry receives them while the service runs.
        Metrics.addRegistry(registry);
        BusinessMetrics.registerFixedCounters();
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                Metrics.removeRegistry(registry);
            }
        });

        for (String api : List.of(BusinessMetrics.PIPEDRIVE, BusinessMetrics.DOTTEDSIGN)) {
            ApiReachability reachability = new ApiReachability(api, apiDownAfter, Clock.systemUTC());
            camelContext.getRegistry().bind(reachabilityBean(api), reachability);
            HealthCheckRegistry.get(camelContext).register(reachability);
            Gauge.builder(BusinessMetrics.API_REACHABLE, reachability,
                            r -> r.snapshot().state() == ApiReachability.State.DOWN ? 0 : 1)
                    .description("1 while the API answers the service's calls, 0 once it is DOWN")
                    .tag("api", api)
                    .register(registry);
        }

        camelContext.getCamelContextExtension().addLogListener(new FlowLogContext.FromExchange());
    }

    /** The registry camel-micrometer-prometheus serves: the one it bound already, or one it will find and use. */
    private static PrometheusMeterRegistry prometheusRegistry(CamelContext camelContext) {
        MeterRegistry bound = camelContext.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (bound instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (bound != null) {
            throw new IllegalStateException("the bean " + MicrometerConstants.METRICS_REGISTRY_NAME + " is a "
                    + bound.getClass().getName() + ", not the PrometheusMeterRegistry /observe/metrics needs");
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        camelContext.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    static String reachabilityBean(String api) {
        return api + "Reachability";
    }
}
