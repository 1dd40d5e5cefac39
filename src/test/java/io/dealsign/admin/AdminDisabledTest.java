package io.dealsign.admin;

import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No sync.admin.token: the admin API is off, says how to turn it on, and start-up says so once. */
class AdminDisabledTest {

    @Test
    void should_refuse_every_admin_request_with_403_naming_the_setting_when_no_token_is_configured() {
        try (CapturedLogs logs = new CapturedLogs();
             RunningService service = RunningService.builder().start()) {
            AdminClient admin = new AdminClient(service, "any-token-at-all", List.of());

            List<HttpResponse<String>> answers = List.of(
                    admin.get("/admin/api/status"),
                    admin.post("/admin/api/events/1/replay"),
                    admin.send("GET", "/admin/api/events"),
                    admin.send("POST", "/admin/api/pipedrive/resume", "Authorization", "Bearer "));

            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(403);
                assertThat(AdminClient.json(answer).get("error").asText())
                        .contains("admin API is off").contains("sync.admin.token").contains("SYNC_ADMIN_TOKEN");
            }
            assertThat(logs.lines()).filteredOn(line -> line.contains("Admin API off")).hasSize(1);
            assertThat(service.get("/observe/health").statusCode()).as("the rest of the service runs").isEqualTo(200);
        }
    }
}
