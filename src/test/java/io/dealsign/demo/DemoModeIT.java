package io.dealsign.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealsign.testing.ServiceJar;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code java -jar dealsign-sync.jar --demo} in a fresh folder, as a newcomer runs it. */
class DemoModeIT {

    private static final Pattern ADMIN_TOKEN = Pattern.compile("Admin token: (\\w+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void should_play_the_story_print_where_each_deal_ended_and_stop_with_the_simulators_on_sigterm() throws Exception {
        Path leftover = Files.createDirectories(folder.resolve("demo-data/archive/1")).resolve("from-an-earlier-demo.pdf");
        Files.writeString(leftover, "an earlier demo's file");
        int port = AvailablePortFinder.getNextAvailable();

        ServiceJar demo = ServiceJar.start(folder, port, Map.of(), "demo.out", List.of("--demo"));
        try {
            await("the demo's summary").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> demo.output().contains("The service keeps running") || !demo.isAlive());
            String output = demo.output();
            assertThat(output).as("the demo's output").contains("The service keeps running")
                    .contains("Admin page:  http://localhost:" + port + "/admin")
                    .doesNotContain(" ERROR ");

            Map<String, List<String>> rows = summaryRows(output);
            assertThat(rows.keySet()).containsExactly("Acme Corp - annual licence", "Globex - pilot project",
                    "Initech - support renewal", "Hooli - onboarding", "Umbrella - consulting");
            // deal id, task id, task status, deal status, files, notes
            assertThat(rows.get("Acme Corp - annual licence")).endsWith("completed", "won", "2", "0");
            assertThat(rows.get("Globex - pilot project")).endsWith("declined", "open", "0", "1");
            assertThat(rows.get("Initech - support renewal")).endsWith("voided", "deleted", "0", "0");
            assertThat(rows.get("Hooli - onboarding")).endsWith("waiting", "open", "0", "0");
            assertThat(rows.get("Umbrella - consulting")).containsExactly(rows.get("Umbrella - consulting").get(0), "-", "-", "open", "0", "1");
            rows.values().stream().filter(row -> !row.get(1).equals("-"))
                    .forEach(row -> assertThat(row.get(1)).as("a task id").matches("\\d+"));

            String wonDeal = rows.get("Acme Corp - annual licence").get(0);
            try (Stream<Path> archived = Files.list(folder.resolve("demo-data/archive").resolve(wonDeal))) {
                assertThat(archived.map(path -> path.getFileName().toString()))
                        .as("the won deal's signed PDF and audit trail, archived in the demo's own folder, earlier demo wiped")
                        .hasSize(2).allMatch(name -> name.endsWith(".pdf")).doesNotContain(leftover.getFileName().toString());
            }
            assertThat(folder.resolve("data")).as("the service's real data folder").doesNotExist();

            Matcher token = ADMIN_TOKEN.matcher(output);
            assertThat(token.find()).as("the printed admin token").isTrue();
            JsonNode bindings = adminGet(port, token.group(1), "/admin/api/bindings?deal=" + wonDeal);
            assertThat(bindings.get("bindings").get(0).get("task_status").asText())
                    .as("the service's own record of the won deal's task, through the admin API").isEqualTo("completed");
        } finally {
            long stopping = System.nanoTime();
            demo.close();
            Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
            System.out.printf("demo stopped %d ms after SIGTERM%n", stop.toMillis());
            assertThat(stop).as("time to stop after SIGTERM (camel.main.shutdown-timeout is 20 s)")
                    .isLessThan(Duration.ofSeconds(20));
        }
        assertThat(demo.output()).contains("Demo stopped: both simulators are closed")
                .contains("Apache Camel (Main) 4.18.0 is shutdown");
    }

    /** The summary table's rows by title: deal id, task id, task status, deal status, files, notes. */
    private static Map<String, List<String>> summaryRows(String output) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            if (!line.matches("\\| \\d+ +\\|.*\\|")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList();
            rows.put(cells.get(1), List.of(cells.get(0), cells.get(2), cells.get(3), cells.get(4), cells.get(5), cells.get(6)));
        }
        return rows;
    }

    private static JsonNode adminGet(int port, String token, String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("admin answer to %s: %s", path, answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }
}
