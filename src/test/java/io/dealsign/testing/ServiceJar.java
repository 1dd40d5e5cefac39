package io.dealsign.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar ({@code -Ddealsign.jar}, set by failsafe) run as its own process in a working folder,
 * as an operator runs it, with settings as {@code -D} options and its output in a file of its own per
 * run. It can be killed the hard way ({@link #kill()}: SIGKILL on Linux) or stopped gracefully.
 */
public final class ServiceJar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private ServiceJar(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    public static Path jar() {
        String jar = System.getProperty("dealsign.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the service jar is not built (dealsign.jar=" + jar + "): run mvn verify");
        }
        return Path.of(jar);
    }

    /**
     * Starts {@code java -jar} in {@code folder} on {@code port}; {@code settings} become {@code -D}
     * options, and the output goes to {@code <folder>/<outputName>}.
     */
    public static ServiceJar start(Path folder, int port, Map<String, String> settings, String outputName) throws IOException {
        return start(folder, port, settings, outputName, List.of());
    }

    /** As {@link #start(Path, int, Map, String)}, with {@code arguments} after the jar (say {@code --demo}). */
    public static ServiceJar start(Path folder, int port, Map<String, String> settings, String outputName,
                                   List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        // Quicker start-up on a small machine (client compiler, one GC thread); nothing the service
        // promises depends on the JIT or the collector.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dcamel.server.port=" + port);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(arguments);
        Path output = folder.resolve(outputName);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PIPEDRIVE_") || key.startsWith("DOTTEDSIGN_")
                || key.startsWith("SYNC_") || key.startsWith("CAMEL_") || key.equals("ROUTES_DIR"));
        return new ServiceJar(builder.start(), output, port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@code /observe/health} answers 200. */
    public boolean isHealthy() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful stop; waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM, as an operator stops it; SIGKILL if it is not gone within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
