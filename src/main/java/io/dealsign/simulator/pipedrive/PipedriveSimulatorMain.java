package io.dealsign.simulator.pipedrive;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the Pipedrive simulator on its own, e.g.
 * {@code java -cp app.jar io.dealsign.simulator.pipedrive.PipedriveSimulatorMain --port=8092 --api-token=demo
 * --burst=20 --daily-budget=30000 --time-scale=0.1 --retry-after --cloudflare-after=10}.
 * Prints the base URL and runs until stopped; change anything else at run time under {@code /_sim}.
 */
public final class PipedriveSimulatorMain {

    private PipedriveSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PipedriveSimulator sim = launch(args);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "pipedrive-sim-shutdown"));
        System.out.println("Pipedrive simulator listening on " + sim.baseUrl() + " (api token: " + sim.apiToken() + ")");
        Thread.currentThread().join();
    }

    /** Parses {@code --name=value} options and starts a simulator with them ({@code --port=0}: any free port). */
    static PipedriveSimulator launch(String... args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, not " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        PipedriveSimulator sim = new PipedriveSimulator(options.getOrDefault("api-token", PipedriveSimulator.DEFAULT_API_TOKEN));
        if (options.containsKey("burst")) {
            sim.burstLimit(Integer.parseInt(options.get("burst")));
        }
        if (options.containsKey("daily-budget")) {
            sim.dailyBudget(Long.parseLong(options.get("daily-budget")));
        }
        if (options.containsKey("time-scale")) {
            sim.webhookTimeScale(Double.parseDouble(options.get("time-scale")));
        }
        sim.retryAfterHeader(Boolean.parseBoolean(options.getOrDefault("retry-after", "false")));
        if (options.containsKey("cloudflare-after")) {
            sim.cloudflareEscalation(Integer.parseInt(options.get("cloudflare-after")), Duration.ofMinutes(10));
        }
        return sim.start(Integer.parseInt(options.getOrDefault("port", "8092")));
    }
}
