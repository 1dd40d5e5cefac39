package io.dealsign.simulator.dottedsign;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the DottedSign simulator on its own, for demos and black-box tests:
 *
 * <pre>
 * java -cp dealsign-sync.jar io.dealsign.simulator.dottedsign.DottedSignSimulatorMain \
 *     --port=8091 --client-id=demo --client-secret=s3cret --webhook-url=http://127.0.0.1:8080/webhooks/dottedsign \
 *     --rate-limit=10/1s --signature-mode=hex --token-lifetime=7200 --template-ids=1,2
 * </pre>
 *
 * Every option is optional; everything else is set at run time through {@code /_sim/settings}.
 */
public final class DottedSignSimulatorMain {

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("port", "client-id", "client-secret",
            "webhook-url", "rate-limit", "retry-after", "signature-mode", "token-lifetime", "template-ids", "monthly-task-quota");

    private DottedSignSimulatorMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        DottedSignSimulator simulator = configure(new DottedSignSimulator(), options);
        int port = Integer.parseInt(options.getOrDefault("port", "8091"));
        simulator.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "dottedsign-simulator-stop"));
        System.out.println("DottedSign simulator listening on " + simulator.baseUrl());
    }

    static DottedSignSimulator configure(DottedSignSimulator simulator, Map<String, String> options) {
        if (options.containsKey("client-id") || options.containsKey("client-secret")) {
            simulator.clientCredentials(options.getOrDefault("client-id", simulator.clientId()),
                    options.getOrDefault("client-secret", simulator.clientSecret()));
        }
        if (options.containsKey("webhook-url")) {
            simulator.webhookUrl(options.get("webhook-url"));
        }
        if (options.containsKey("rate-limit")) {
            RateLimitSpec spec = RateLimitSpec.parse(options.get("rate-limit"));
            simulator.rateLimit(spec.limit(), spec.window());
        }
        if (options.containsKey("retry-after")) {
            simulator.retryAfterHeader(Boolean.parseBoolean(options.get("retry-after")));
        }
        if (options.containsKey("signature-mode")) {
            simulator.signatureMode(SignatureMode.fromName(options.get("signature-mode")));
        }
        if (options.containsKey("token-lifetime")) {
            simulator.tokenLifetime(Duration.ofSeconds(Long.parseLong(options.get("token-lifetime"))));
        }
        if (options.containsKey("template-ids")) {
            simulator.acceptedTemplateIds(Arrays.stream(options.get("template-ids").split(","))
                    .mapToLong(id -> Long.parseLong(id.trim())).toArray());
        }
        if (options.containsKey("monthly-task-quota")) {
            simulator.monthlyTaskQuota(Integer.parseInt(options.get("monthly-task-quota")));
        }
        return simulator;
    }

    /** {@code --name=value} pairs; anything else is refused, so a typo never passes silently. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new IllegalArgumentException("options look like --name=value, not " + arg);
            }
            if (!OPTIONS.contains(arg.substring(2, equals))) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + new java.util.TreeSet<>(OPTIONS));
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }
}
