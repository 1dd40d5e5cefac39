package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class CreateTaskTest extends SimulatorTest {

    private static JsonObject validBody() {
        return new JsonObject()
                .put("file_name", "Quote Q-1001 for ACME.pdf")
                .put("template_id", 42)
                .put("stages", new JsonArray().add(new JsonObject().put("name", "Ann Buyer").put("email", "ann@acme.example")))
                .put("metadata", new JsonObject().put("pipedrive_deal_id", 999))
                .put("start", true);
    }

    private ApiClient.Response create(JsonObject body) {
        return client.post("/v1/sign_tasks", token, body);
    }

    @Test
    void should_create_a_started_task_as_waiting_with_its_stages_and_metadata() {
        ApiClient.Response response = create(validBody());

        assertThat(response.status()).isEqualTo(200);
        long taskId = response.data().getLong("task_id");
        assertThat(taskId).isGreaterThanOrEqualTo(100_000);
        JsonObject task = read(taskId);
        assertThat(task.getLong("task_id")).isEqualTo(taskId);
        assertThat(task.getString("file_name")).isEqualTo("Quote Q-1001 for ACME.pdf");
        assertThat(task.getString("status")).isEqualTo("waiting");
        assertThat(task.getLong("template_id")).isEqualTo(42);
        assertThat(task.getJsonArray("stages")).containsExactly(
                new JsonObject().put("name", "Ann Buyer").put("email", "ann@acme.example").put("status", "waiting"));
        assertThat(task.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
        assertThat(task.getString("updated_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
    }

    @Test
    void should_create_a_task_without_start_as_draft() {
        long taskId = create(validBody().put("start", false)).data().getLong("task_id");
        long otherId = create(validBody().copy().put("start", null)).data().getLong("task_id");

        assertThat(read(taskId).getString("status")).isEqualTo("draft");
        assertThat(read(otherId).getString("status")).isEqualTo("draft");
    }

    @Test
    void should_give_increasing_task_ids() {
        long first = create(validBody()).data().getLong("task_id");
        long second = create(validBody()).data().getLong("task_id");

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void should_store_a_numeric_metadata_value_and_return_it_as_a_string() {
        long taskId = create(validBody().put("metadata", new JsonObject().put("pipedrive_deal_id", 999).put("stage", "proposal"))).data().getLong("task_id");

        JsonObject metadata = read(taskId).getJsonObject("metadata");
        assertThat(metadata.getValue("pipedrive_deal_id")).isEqualTo("999");
        assertThat(metadata.getValue("stage")).isEqualTo("proposal");
    }

    @ParameterizedTest(name = "file name {0}")
    @ValueSource(strings = {"quote\"1", "quote*1", "quote:1", "quote<1", "quote>1", "quote?1", "quote/1", "quote\\1",
            "quote|1", "quote~1", "quote#1", "quote%1", "quote&1", "quote{1", "quote}1", ".hidden", "."})
    void should_reject_a_file_name_dottedsign_forbids(String fileName) {
        assertError(create(validBody().put("file_name", fileName)), 400417, "invalid_params", "file_name");
    }

    @ParameterizedTest(name = "file name {0}")
    @ValueSource(strings = {"Quote Q-1001.pdf", "Angebot für Müller (2026)", "a", "報價單 v2", "deal_17 [final] + notes; ok!"})
    void should_accept_a_file_name_with_ordinary_characters(String fileName) {
        assertThat(create(validBody().put("file_name", fileName)).status()).isEqualTo(200);
    }

    @Test
    void should_reject_a_missing_or_empty_file_name() {
        JsonObject missing = validBody();
        missing.remove("file_name");

        assertError(create(missing), 400417, "invalid_params", "file_name");
        assertError(create(validBody().put("file_name", "")), 400417, "invalid_params", "file_name");
    }

    @Test
    void should_accept_255_characters_of_file_name_and_reject_256() {
        assertThat(create(validBody().put("file_name", "x".repeat(255))).status()).isEqualTo(200);
        assertError(create(validBody().put("file_name", "x".repeat(256))), 400417, "invalid_params", "file_name");
    }

    @Test
    void should_accept_metadata_at_its_limits() {
        JsonObject metadata = new JsonObject();
        for (int i = 0; i < 10; i++) {
            metadata.put(i + "k".repeat(39), "v".repeat(100));
        }

        assertThat(create(validBody().put("metadata", metadata)).status()).isEqualTo(200);
    }

    @Test
    void should_reject_more_than_ten_metadata_pairs() {
        JsonObject metadata = new JsonObject();
        for (int i = 0; i < 11; i++) {
            metadata.put("key" + i, "value");
        }

        assertError(create(validBody().put("metadata", metadata)), 400417, "invalid_params", "metadata");
    }

    @Test
    void should_reject_a_metadata_key_longer_than_40_characters() {
        assertError(create(validBody().put("metadata", metadata("k".repeat(41), "v"))), 400417, "invalid_params", "metadata");
    }

    @Test
    void should_reject_a_metadata_value_longer_than_100_characters() {
        assertError(create(validBody().put("metadata", metadata("note", "v".repeat(101)))), 400417, "invalid_params", "metadata.note");
    }

    @Test
    void should_reject_a_metadata_value_that_is_neither_string_nor_number() {
        assertError(create(validBody().put("metadata", metadata("nested", new JsonObject()))), 400417, "invalid_params", "metadata.nested");
        assertError(create(validBody().put("metadata", "pipedrive_deal_id=1")), 400417, "invalid_params", "metadata");
    }

    @Test
    void should_reject_missing_or_empty_stages() {
        JsonObject missing = validBody();
        missing.remove("stages");

        assertError(create(missing), 400417, "invalid_params", "stages");
        assertError(create(validBody().put("stages", new JsonArray())), 400417, "invalid_params", "stages");
    }

    @Test
    void should_reject_a_stage_without_name_or_email() {
        JsonObject noEmail = validBody().put("stages", new JsonArray()
                .add(new JsonObject().put("name", "Ann").put("email", "ann@acme.example"))
                .add(new JsonObject().put("name", "Bob")));
        JsonObject noName = validBody().put("stages", new JsonArray().add(new JsonObject().put("email", "ann@acme.example")));
        JsonObject badEmail = validBody().put("stages", new JsonArray().add(new JsonObject().put("name", "Ann").put("email", "ann")));

        assertError(create(noEmail), 400417, "invalid_params", "stages[1].email");
        assertError(create(noName), 400417, "invalid_params", "stages[0].name");
        assertError(create(badEmail), 400417, "invalid_params", "stages[0].email");
    }

    @Test
    void should_refuse_a_template_that_is_not_accessible() {
        sim.acceptedTemplateIds(42, 43);

        assertThat(create(validBody()).status()).isEqualTo(200);
        assertError(create(validBody().put("template_id", 44)), 403044, "template_not_accessible", "44");
    }

    @Test
    void should_accept_a_template_id_sent_as_a_string() {
        sim.acceptedTemplateIds(42);

        long taskId = create(validBody().put("template_id", "42")).data().getLong("task_id");

        assertThat(read(taskId).getLong("template_id")).isEqualTo(42);
    }

    @Test
    void should_refuse_creation_beyond_the_monthly_task_quota() {
        sim.monthlyTaskQuota(2);

        assertThat(create(validBody()).status()).isEqualTo(200);
        assertThat(create(validBody()).status()).isEqualTo(200);
        assertError(create(validBody()), 403032, "over_monthly_task_usage", "quota");
        assertThat(sim.tasks()).hasSize(2);

        sim.resetMonthlyTaskUsage();
        assertThat(create(validBody()).status()).isEqualTo(200);
    }

    @Test
    void should_accept_an_uploaded_pdf_instead_of_a_template() {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4\n% a quote\n".getBytes(StandardCharsets.US_ASCII));
        JsonObject body = validBody().put("base64_file", pdf);
        body.remove("template_id");

        long taskId = create(body).data().getLong("task_id");

        assertThat(read(taskId).getValue("template_id")).isNull();
    }

    @Test
    void should_require_exactly_one_file_source() {
        JsonObject none = validBody();
        none.remove("template_id");
        JsonObject both = validBody().put("base64_file", Base64.getEncoder().encodeToString("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)));

        assertError(create(none), 400417, "invalid_params", "template_id");
        assertError(create(both), 400417, "invalid_params", "template_id");
    }

    @Test
    void should_reject_a_body_that_is_not_a_json_object() {
        assertError(client.postRaw("/v1/sign_tasks", token, "application/json", "[1,2]"), 400417, "invalid_params", "JSON");
        assertError(client.postRaw("/v1/sign_tasks", token, "application/json", "{not json"), 400417, "invalid_params", "JSON");
    }

    @Test
    void should_count_only_valid_creations_against_the_quota() {
        sim.monthlyTaskQuota(1);

        assertError(create(validBody().put("file_name", ".bad")), 400417, "invalid_params", "file_name");
        assertThat(create(validBody()).status()).isEqualTo(200);
        assertThat(sim.monthlyTaskUsage()).isEqualTo(1);
    }
}
