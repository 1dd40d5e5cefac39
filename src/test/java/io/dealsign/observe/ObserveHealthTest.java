package io.dealsign.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.json.Json;
import io.dealsign.polling.PollingRoutes;
import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Liveness, readiness and each API's reachability at /observe/health, over HTTP. */
class ObserveHealthTest {

    private static final String CLIENT_ID = "ds-client";
    private static final String CLIENT_SECRET = "ds-client-secret";

    @Test
    void should_go_unready_but_stay_live_when_the_database_is_gone() throws Exception {
        try (RunningService service = RunningService.builder().start()) {
            assertThat(service.get("/observe/health/ready").statusCode()).isEqualTo(200);
            DataSource dataSource = service.camelContext().getRegistry()
                    .lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class);
            // not closed: SHUTDOWN has closed it, and the pool would only complain
            Connection connection = dataSource.getConnection();
            connection.createStatement().execute("SHUTDOWN");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> ready = service.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("database");
            });
            HttpResponse<String> live = service.get("/observe/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void should_report_an_api_down_after_failed_calls_and_up_again_once_it_answers_without_calls_of_its_own() {
        DottedSignSimulator dottedSign = new DottedSignSimulator().clientCredentials(CLIENT_ID, CLIENT_SECRET).start(0);
        int port = dottedSign.port();
        try (RunningService service = RunningService.builder()
                .property("dottedsign.base-url", dottedSign.baseUrl())
                .property("dottedsign.client-id", CLIENT_ID)
                .property("dottedsign.client-secret", CLIENT_SECRET)
                .property("dottedsign.retry.initial-delay", "10")
                .property("sync.poll.dottedsign.cron", "0 0 0 1 1 ? 2099")
                .start()) {
            assertThat(check(service, "dottedsign-api").path("data").path("reachability").asText()).isEqualTo("UNKNOWN");
            service.camelContext().createProducerTemplate().requestBody(PollingRoutes.POLL_DOTTEDSIGN, (Object) null);
            assertThat(check(service, "dottedsign-api").path("data").path("reachability").asText()).isEqualTo("UP");
            long callsWhileUp = dottedSign.requests().all().size();
            dottedSign.close();

            assertThatThrownBy(() -> service.camelContext().createProducerTemplate()
                    .requestBody(PollingRoutes.POLL_DOTTEDSIGN, (Object) null)).isNotNull();

            HttpResponse<String> ready = service.get("/observe/health/ready?data=true");
            assertThat(ready.statusCode()).as("an API that is down does not make the service unready").isEqualTo(200);
            JsonNode down = check(service, "dottedsign-api");
            assertThat(down.path("status").asText()).isEqualTo("UP");
            assertThat(down.path("data").path("reachability").asText()).isEqualTo("DOWN");
            assertThat(down.path("data").path("consecutive_failures").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(down.path("message").asText()).startsWith("DOWN: ").contains("no answer");
            assertThat(Scrape.of(service).value(BusinessMetrics.API_REACHABLE, "api", "dottedsign")).isZero();
            assertThat(service.get("/observe/health/live").statusCode()).isEqualTo(200);

            DottedSignSimulator back = new DottedSignSimulator().clientCredentials(CLIENT_ID, CLIENT_SECRET).start(port);
            try {
                // Reading the health spends no API call: only the next real call tells that it is back.
                check(service, "dottedsign-api");
                assertThat(back.requests().all()).isEmpty();
                service.camelContext().createProducerTemplate().requestBody(PollingRoutes.POLL_DOTTEDSIGN, (Object) null);
                JsonNode up = check(service, "dottedsign-api");
                assertThat(up.path("data").path("reachability").asText()).isEqualTo("UP");
                assertThat(up.path("data").path("consecutive_failures").asInt()).isZero();
                assertThat(Scrape.of(service).value(BusinessMetrics.API_REACHABLE, "api", "dottedsign")).isEqualTo(1.0);
            } finally {
                back.close();
            }
            assertThat(callsWhileUp).isPositive();
        }
    }

    @Test
    void should_keep_the_pipedrive_budget_check_and_list_every_check_in_readiness() {
        try (RunningService service = RunningService.builder().start()) {
            JsonNode ready = Json.MAPPER.valueToTree(readJson(service.get("/observe/health/ready?data=true").body()));
            assertThat(StreamSupport.stream(ready.path("checks").spliterator(), false).map(c -> c.path("name").asText()))
                    .contains("database", "pipedrive-budget", "pipedrive-api", "dottedsign-api");
            JsonNode live = readJson(service.get("/observe/health/live").body());
            assertThat(StreamSupport.stream(live.path("checks").spliterator(), false).map(c -> c.path("name").asText()))
                    .doesNotContain("database", "pipedrive-budget", "pipedrive-api", "dottedsign-api");
            assertThat(check(service, "pipedrive-budget").path("data").path("state").asText()).isEqualTo("OK");
        }
    }

    private static JsonNode check(RunningService service, String name) {
        JsonNode health = readJson(service.get("/observe/health?data=true").body());
        return StreamSupport.stream(health.path("checks").spliterator(), false)
                .filter(c -> name.equals(c.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    private static JsonNode readJson(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
