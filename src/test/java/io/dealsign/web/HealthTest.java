package io.dealsign.web;

import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HealthTest {

    @Test
    void should_answer_up_when_routes_and_database_are_up() {
        try (RunningService service = RunningService.builder().start()) {
            HttpResponse<String> health = service.get("/observe/health");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(service.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(service.get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_answer_503_naming_the_database_check_when_the_database_is_unusable() throws Exception {
        try (RunningService service = RunningService.builder().start()) {
            DataSource dataSource = service.camelContext().getRegistry()
                    .lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class);
            Connection connection = dataSource.getConnection();
            connection.createStatement().execute("SHUTDOWN");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> health = service.get("/observe/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("database");
            });
            assertThat(service.get("/observe/health?stackTrace=true").body()).doesNotContain("\tat ").doesNotContain("at org.");
        }
    }
}
