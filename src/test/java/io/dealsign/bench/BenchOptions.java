package io.dealsign.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * What one run of {@link BudgetUtilisationBench} does: how many deals, the simulators' limits and the
 * service's throttles. The throttles default to the service's own defaults, read from the same
 * {@code application.properties} the service reads (the working directory's, else the built-in one).
 *
 * @param events                 deals released at once
 * @param pipedriveBurst         the Pipedrive simulator's burst limit, requests per {@code pipedriveWindow}
 * @param pipedriveWindow        its fixed window (Pipedrive's smallest plan: 20 per 2 s)
 * @param dottedSignLimit        the DottedSign simulator's limit, requests per {@code dottedSignWindow}
 * @param dottedSignWindow       its fixed window
 * @param pipedriveThrottle      {@code pipedrive.rate-limit.requests}, per {@code pipedrivePeriod}
 * @param pipedrivePeriod        {@code pipedrive.rate-limit.period}
 * @param dottedSignThrottle     {@code dottedsign.rate-limit.requests}, per {@code dottedSignPeriod}
 * @param dottedSignPeriod       {@code dottedsign.rate-limit.period}
 * @param timeLimit              the whole run (start-up, seeding, drain) stops after this
 * @param requestLog             where to write both simulators' request logs as CSV, or null
 */
public record BenchOptions(int events, int pipedriveBurst, Duration pipedriveWindow, int dottedSignLimit,
                           Duration dottedSignWindow, int pipedriveThrottle, Duration pipedrivePeriod,
                           int dottedSignThrottle, Duration dottedSignPeriod, Duration timeLimit, Path requestLog) {

    static final String USAGE = """
            Usage: bench/budget-utilisation.sh [options]
              --events N                 deals released at once (default 500)
              --pipedrive-throttle N     pipedrive.rate-limit.requests per its period (default: application.properties)
              --dottedsign-throttle N    dottedsign.rate-limit.requests per its period (default: application.properties)
              --pipedrive-period-ms N    pipedrive.rate-limit.period (default: application.properties)
              --dottedsign-period-ms N   dottedsign.rate-limit.period (default: application.properties)
              --time-limit-minutes N     stop the whole run after N minutes (default 15)
              --request-log FILE         also write both simulators' request logs to FILE as CSV
            Options take their value after a space or after '='.""";

    public BenchOptions {
        if (events < 1) {
            throw new IllegalArgumentException("--events must be 1 or more, not " + events);
        }
        if (pipedriveThrottle < 1 || dottedSignThrottle < 1) {
            throw new IllegalArgumentException("throttles must be 1 or more");
        }
        if (pipedrivePeriod.toMillis() < 1 || dottedSignPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("throttle periods must be 1 ms or more");
        }
    }

    /** Requests per second the Pipedrive simulator allows. */
    double pipedriveLimitPerSecond() {
        return perSecond(pipedriveBurst, pipedriveWindow);
    }

    double pipedriveThrottlePerSecond() {
        return perSecond(pipedriveThrottle, pipedrivePeriod);
    }

    double dottedSignLimitPerSecond() {
        return perSecond(dottedSignLimit, dottedSignWindow);
    }

    double dottedSignThrottlePerSecond() {
        return perSecond(dottedSignThrottle, dottedSignPeriod);
    }

    private static double perSecond(int requests, Duration period) {
        return requests / (period.toMillis() / 1000.0);
    }

    /** Parses {@code --name value} or {@code --name=value}; throws {@link IllegalArgumentException} with what is wrong. */
    static BenchOptions parse(String[] args, Path workingDirectory) {
        Properties settings = serviceSettings(workingDirectory);
        int events = 500;
        int pipedriveThrottle = intSetting(settings, "pipedrive.rate-limit.requests");
        int dottedSignThrottle = intSetting(settings, "dottedsign.rate-limit.requests");
        int pipedrivePeriodMillis = intSetting(settings, "pipedrive.rate-limit.period");
        int dottedSignPeriodMillis = intSetting(settings, "dottedsign.rate-limit.period");
        long timeLimitMinutes = 15;
        Path requestLog = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            switch (name) {
                case "events" -> events = parseInt(name, value);
                case "pipedrive-throttle" -> pipedriveThrottle = parseInt(name, value);
                case "dottedsign-throttle" -> dottedSignThrottle = parseInt(name, value);
                case "pipedrive-period-ms" -> pipedrivePeriodMillis = parseInt(name, value);
                case "dottedsign-period-ms" -> dottedSignPeriodMillis = parseInt(name, value);
                case "time-limit-minutes" -> timeLimitMinutes = parseInt(name, value);
                case "request-log" -> requestLog = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new BenchOptions(events, 20, Duration.ofSeconds(2), 10, Duration.ofSeconds(1),
                pipedriveThrottle, Duration.ofMillis(pipedrivePeriodMillis),
                dottedSignThrottle, Duration.ofMillis(dottedSignPeriodMillis),
                Duration.ofMinutes(timeLimitMinutes), requestLog);
    }

    /** The settings the service will start with: the working directory's file, else the one built into the jar. */
    private static Properties serviceSettings(Path workingDirectory) {
        Properties settings = new Properties();
        try {
            Path file = workingDirectory.resolve("application.properties");
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    settings.load(in);
                }
            } else {
                try (InputStream in = BenchOptions.class.getResourceAsStream("/application.properties")) {
                    if (in == null) {
                        throw new IllegalStateException("no application.properties in " + workingDirectory
                                + " nor on the classpath: run the bench from the repository root");
                    }
                    settings.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        return settings;
    }

    private static int intSetting(Properties settings, String key) {
        String value = settings.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is not set in application.properties");
        }
        return Integer.parseInt(value.trim());
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not " + value);
        }
    }
}
