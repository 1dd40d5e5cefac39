package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadLinkTest extends SimulatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-02T10:00:00Z"));

    @Override
    protected DottedSignSimulator newSimulator() {
        return new DottedSignSimulator(clock).clientCredentials("test-client", "test-secret-for-hmac");
    }

    private ApiClient.Response link(long taskId, String fileTypes) {
        return client.get("/v1/sign_tasks/download_link?task_id=" + taskId + "&file_types=" + fileTypes, token);
    }

    private String url(long taskId, String fileType) {
        ApiClient.Response response = link(taskId, fileType);
        assertThat(response.status()).as("download_link %s: %s", fileType, response).isEqualTo(200);
        return response.data().getJsonObject(fileType).getString("url");
    }

    @Test
    void should_link_the_original_of_a_waiting_task_to_pdf_bytes_that_name_task_and_file_type() {
        long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example");

        String url = url(taskId, "original");
        ApiClient.Response file = client.getUrl(url);

        assertThat(url).startsWith(sim.baseUrl() + "/_files/");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("application/pdf");
        String text = new String(file.body(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-").contains("Task " + taskId + " - file type original").endsWith("%%EOF\n");
    }

    @Test
    void should_give_completed_and_audit_trail_files_once_the_task_is_completed() {
        long taskId = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        sim.sign(taskId);

        byte[] completed = client.getUrl(url(taskId, "completed")).body();
        byte[] auditTrail = client.getUrl(url(taskId, "audit_trail")).body();

        assertThat(new String(completed, StandardCharsets.ISO_8859_1)).contains("Task " + taskId + " - file type completed");
        assertThat(new String(auditTrail, StandardCharsets.ISO_8859_1)).contains("Task " + taskId + " - file type audit_trail");
    }

    @ParameterizedTest(name = "{0} file of a {1} task: available={2}")
    @CsvSource({
            "completed, WAITING, false", "completed, DRAFT, false", "completed, DECLINED, false", "completed, VOIDED, false",
            "completed, EXPIRED, false", "completed, COMPLETED, true",
            "audit_trail, WAITING, false", "audit_trail, EXPIRED, false", "audit_trail, DRAFT, false",
            "audit_trail, COMPLETED, true", "audit_trail, DECLINED, true", "audit_trail, VOIDED, true",
            "original, DRAFT, true", "original, WAITING, true", "original, EXPIRED, true"})
    void should_give_each_file_type_only_in_the_statuses_that_have_it(String fileType, TaskStatus status, boolean available) {
        long taskId = sim.seed(SeedTask.withStatus(status));

        ApiClient.Response response = link(taskId, fileType);

        if (available) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(client.getUrl(response.data().getJsonObject(fileType).getString("url")).status()).isEqualTo(200);
        } else {
            assertError(response, 400417, "invalid_params", fileType);
        }
    }

    @Test
    void should_give_several_file_types_in_one_call_when_comma_separated() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));

        JsonObject data = link(taskId, "completed,audit_trail").data();

        assertThat(data.fieldNames()).containsExactlyInAnyOrder("completed", "audit_trail");
        assertThat(data.getJsonObject("completed").getString("url")).isNotEqualTo(data.getJsonObject("audit_trail").getString("url"));
    }

    @Test
    void should_reject_a_missing_or_unknown_file_type() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));

        assertError(client.get("/v1/sign_tasks/download_link?task_id=" + taskId, token), 400417, "invalid_params", "file_types");
        assertError(link(taskId, "signed_pdf"), 400417, "invalid_params", "signed_pdf");
    }

    @Test
    void should_need_no_token_for_the_file_but_refuse_a_link_whose_query_string_was_dropped() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));
        String url = url(taskId, "completed");

        ApiClient.Response withoutQuery = client.getUrl(url.substring(0, url.indexOf('?')));

        assertThat(withoutQuery.status()).isEqualTo(403);
        assertThat(withoutQuery.text()).contains("<Code>AccessDenied</Code>");
        assertThat(client.getUrl(sim.baseUrl() + "/_files/0000.pdf").status()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_link_after_its_lifetime() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));
        String url = url(taskId, "completed");

        clock.advance(Duration.ofMinutes(10));

        ApiClient.Response expired = client.getUrl(url);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.text()).contains("Request has expired");
    }

    @Test
    void should_serve_files_even_when_the_api_rate_limit_is_used_up() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED));
        String url = url(taskId, "completed");
        sim.rateLimit(1, Duration.ofMinutes(1));
        client.get("/v1/sign_tasks/list", token);
        assertThat(client.get("/v1/sign_tasks/list", token).status()).isEqualTo(429);

        assertThat(client.getUrl(url).status()).isEqualTo(200);
    }

    @Test
    void should_produce_a_structurally_valid_pdf() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED).withFileName("Quote (final) \\ v2"));
        String pdf = new String(client.getUrl(url(taskId, "completed")).body(), StandardCharsets.ISO_8859_1);

        Matcher startxref = Pattern.compile("startxref\\n(\\d+)\\n%%EOF\\n$").matcher(pdf);
        assertThat(startxref.find()).isTrue();
        int xref = Integer.parseInt(startxref.group(1));
        assertThat(pdf.substring(xref)).startsWith("xref\n0 6\n");
        Matcher entries = Pattern.compile("(\\d{10}) 00000 n \\n").matcher(pdf.substring(xref));
        int objectNumber = 1;
        while (entries.find()) {
            int offset = Integer.parseInt(entries.group(1));
            assertThat(pdf.substring(offset)).startsWith(objectNumber + " 0 obj\n");
            objectNumber++;
        }
        assertThat(objectNumber - 1).isEqualTo(5);
        Matcher length = Pattern.compile("/Length (\\d+) >>\\nstream\\n").matcher(pdf);
        assertThat(length.find()).isTrue();
        assertThat(pdf.substring(length.end() + Integer.parseInt(length.group(1)))).startsWith("endstream");
        assertThat(pdf).contains("(File name: Quote \\(final\\) \\\\ v2)");
    }
}
