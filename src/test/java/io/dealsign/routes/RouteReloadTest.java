package io.dealsign.routes;

import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouteReloadTest {

    private static final Duration RELOAD_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path routes;

    private static String echoRoute(String answer) {
        return """
                - route:
                    id: echo
                    from:
                      uri: platform-http:/echo
                      steps:
                        - setBody:
                            expression:
                              constant:
                                expression: %s
                """.formatted(answer);
    }

    private static void save(Path file, String content) throws IOException {
        // Written beside and moved in, as editors do, so the watcher never sees half a file.
        Path draft = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(draft, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void should_serve_an_edited_route_file_without_a_restart_and_keep_the_java_routes() throws Exception {
        Path file = routes.resolve("echo.camel.yaml");
        save(file, echoRoute("v1"));
        try (RunningService service = RunningService.builder().routesDirectory(routes).start()) {
            // A lambda, not a RouteBuilder subclass: Camel Main would pick a class up by package scan.
            RouteBuilder.addRoutes(service.camelContext(),
                    routes -> routes.from("platform-http:/java").routeId("java-route").setBody().constant("java"));
            assertThat(service.get("/echo").body()).isEqualTo("v1");

            save(file, echoRoute("v2"));

            await().atMost(RELOAD_WAIT).until(() -> service.get("/echo").body().equals("v2"));
            assertThat(service.get("/java").body()).as("the Java route survives the reload").isEqualTo("java");
        }
    }

    @Test
    void should_keep_the_previous_route_running_and_name_the_file_when_a_saved_file_is_broken() throws Exception {
        Path file = routes.resolve("echo.camel.yaml");
        save(file, echoRoute("v1"));
        try (RunningService service = RunningService.builder().routesDirectory(routes).start();
             CapturedLogs logs = new CapturedLogs()) {
            assertThat(service.get("/echo").body()).isEqualTo("v1");

            save(file, """
                    - route:
                        id: echo
                        from:
                          uri: platform-http:/echo
                          steps:
                            - noSuchStep:
                                whatever: 1
                    """);

            await().atMost(RELOAD_WAIT).until(() -> logs.lines().stream()
                    .anyMatch(line -> line.startsWith("WARN") && line.contains("echo.camel.yaml") && line.contains("noSuchStep")));
            assertThat(service.get("/echo").body()).as("the previous version still answers").isEqualTo("v1");
            assertThat(service.get("/echo").statusCode()).isEqualTo(200);
        }
    }
}
