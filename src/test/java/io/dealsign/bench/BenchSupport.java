package io.dealsign.bench;

import io.dealsign.testing.SyncWorld;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the in-process benches share: their options, progress lines on stderr, the machine's rows of the
 * table, the load average, percentiles, and cleaning up the temporary folder.
 */
final class BenchSupport {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_BROKE_OFF = 4;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final String name;
    private final Instant start = Instant.now();

    BenchSupport(String name) {
        this.name = name;
    }

    /**
     * {@code --name value} or {@code --name=value} options, only those in {@code known}.
     *
     * @throws IllegalArgumentException naming the option that is unknown or has no value
     */
    static Map<String, String> options(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            options.put(key, value);
        }
        return options;
    }

    static int positive(Map<String, String> options, String key, int defaultValue) {
        return atLeast(options, key, defaultValue, 1);
    }

    static int atLeast(Map<String, String> options, String key, int defaultValue, int minimum) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < minimum) {
                throw new IllegalArgumentException(key + " must be " + minimum + " or more, not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + value);
        }
    }

    static List<Integer> positiveList(Map<String, String> options, String key, List<Integer> defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            numbers.add(positive(Map.of(key, part), key, 0));
        }
        return numbers;
    }

    void progress(String message) {
        Instant now = Instant.now();
        System.err.printf("%s [%6.1f s] %s%n", CLOCK.format(now), Duration.between(start, now).toMillis() / 1000.0, message);
    }

    void fail(String message) {
        System.err.println(name + ": " + message);
    }

    Duration elapsed() {
        return Duration.between(start, Instant.now());
    }

    /** The system's load average over the last minute: other work on the machine skews every figure. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String load() {
        double load = loadAverage();
        return load < 0 ? "unknown" : String.format("%.2f", load);
    }

    /** The rows that say where a table was measured. */
    static void machineRows(StringBuilder table) {
        Runtime runtime = Runtime.getRuntime();
        row(table, "Machine: cores", String.valueOf(runtime.availableProcessors()));
        row(table, "Machine: OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        row(table, "Machine: JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; options: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        row(table, "Machine: max heap", String.format("%.0f MiB", runtime.maxMemory() / (1024.0 * 1024.0)));
    }

    static void row(StringBuilder table, String measure, String value) {
        table.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    /** The nearest-rank percentile of durations in milliseconds. */
    static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format("%.1f", value);
    }

    /** One run of a bench: its exit status. */
    interface Bench {
        int run();
    }

    /**
     * What every bench's main() does: {@code --help}; the bench built from the arguments (a usage error
     * exits 2, any other failure to prepare exits 4); the run (a crash exits 4); then an explicit exit,
     * since a simulator left behind by a failed start would otherwise keep the JVM alive.
     */
    static void main(String name, String usage, String[] args, Function<String[], Bench> fromArguments) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage);
            return;
        }
        Bench bench;
        try {
            bench = fromArguments.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(EXIT_USAGE);
            return;
        } catch (RuntimeException e) {
            System.err.println(name + ": cannot prepare the run: " + e.getMessage());
            System.exit(EXIT_BROKE_OFF);
            return;
        }
        int status;
        try {
            status = bench.run();
        } catch (RuntimeException e) {
            System.err.println(name + ": the run broke off:");
            e.printStackTrace();
            status = EXIT_BROKE_OFF;
        }
        System.exit(status);
    }

    /**
     * Closes a bench's service and simulators and deletes its folder. The CamelContext first: on SIGTERM,
     * Camel Main's own hook waits until it has stopped (up to 35 s).
     */
    static void close(String name, SyncWorld world, Path workDirectory) {
        try {
            if (world != null) {
                world.service().camelContext().stop();
                world.close();
            }
        } catch (RuntimeException e) {
            System.err.println(name + ": closing the simulators and the service failed: " + e);
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }

    static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
