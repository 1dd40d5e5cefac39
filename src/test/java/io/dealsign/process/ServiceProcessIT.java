package io.dealsign.process;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jar as an operator runs it: fresh folder, only what the README says, real process. */
class ServiceProcessIT {

    private static final List<String> CREDENTIALS = List.of("pipedrive.api-token", "pipedrive.webhook.username",
            "pipedrive.webhook.password", "dottedsign.client-id", "dottedsign.client-secret", "dottedsign.template-id");

    @TempDir
    Path folder;

    @Test
    void should_start_on_embedded_defaults_within_ten_seconds_and_name_each_missing_credential_once() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        long started = System.nanoTime();
        try (ServiceProcess service = ServiceProcess.start(folder, Map.of(), "-Dcamel.server.port=" + port)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ServiceProcess.answersHealthy(port));
            Duration startup = Duration.ofNanos(System.nanoTime() - started);

            assertThat(folder.resolve("data/dealsign-sync.mv.db")).as("the embedded H2 database").exists();
            assertThat(folder.resolve("routes")).as("the routes directory, created from the built-in flows").isDirectory();
            assertThat(routeFileNames(folder.resolve("routes"))).as("every flow built into the jar")
                    .isEqualTo(routeFileNames(Path.of("routes")));
            String output = service.output();
            for (String key : CREDENTIALS) {
                assertThat(count(output, key + " is not set")).as("lines naming %s", key).isEqualTo(1);
            }
            assertThat(output).doesNotContain("ERROR");
            assertThat(service.isAlive()).isTrue();
            System.out.printf("started and healthy in %d ms%n", startup.toMillis());
        }
    }

    @Test
    void should_take_settings_from_the_environment_and_from_system_properties_over_the_settings_file() throws Exception {
        int filePort = AvailablePortFinder.getNextAvailable();
        int environmentPort = AvailablePortFinder.getNextAvailable();
        Files.writeString(folder.resolve("application.properties"), "camel.server.port = " + filePort + "\n");

        try (ServiceProcess service = ServiceProcess.start(folder,
                Map.of("CAMEL_SERVER_PORT", String.valueOf(environmentPort), "PIPEDRIVE_API_TOKEN", "token-from-env"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ServiceProcess.answersHealthy(environmentPort));
            assertThat(service.output()).doesNotContain("pipedrive.api-token is not set").doesNotContain("token-from-env");
            assertThat(ServiceProcess.post(environmentPort, "/webhooks/pipedrive").statusCode()).as("webhooks on the same port as health").isEqualTo(401);
            assertThat(service.output()).as("one HTTP server").containsOnlyOnce("HttpServer started");
        }

        int systemPropertyPort = AvailablePortFinder.getNextAvailable();
        try (ServiceProcess service = ServiceProcess.start(folder, Map.of(),
                "-Dcamel.server.port=" + systemPropertyPort, "-Ddottedsign.client-id=id-from-system-property")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ServiceProcess.answersHealthy(systemPropertyPort));
            assertThat(service.output()).doesNotContain("dottedsign.client-id is not set");
        }

        try (ServiceProcess service = ServiceProcess.start(folder, Map.of())) {
            await("the working directory's settings file beats the built-in one").atMost(Duration.ofSeconds(20))
                    .until(() -> ServiceProcess.answersHealthy(filePort));
        }
    }

    @Test
    void should_stop_with_a_clear_error_when_the_port_is_taken() throws Exception {
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = occupant.getLocalPort();

            try (ServiceProcess service = ServiceProcess.start(folder, Map.of(), "-Dcamel.server.port=" + port)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !service.isAlive());

                assertThat(service.process().exitValue()).isNotZero();
                assertThat(service.output()).contains("Cannot listen on 0.0.0.0:" + port)
                        .contains("camel.server.port");
            }
        }
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static List<String> routeFileNames(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
