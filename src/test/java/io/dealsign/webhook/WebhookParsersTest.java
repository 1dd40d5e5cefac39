package io.dealsign.webhook;

import io.dealsign.dottedsign.DottedSignWebhookParser;
import io.dealsign.json.InvalidJsonException;
import io.dealsign.json.Json;
import io.dealsign.pipedrive.PipedriveWebhookParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two webhook parsers on bodies no sender should send: each is refused with a reason naming what is wrong. */
class WebhookParsersTest {

    private static WebhookVerdict pipedrive(String body) throws InvalidJsonException {
        return PipedriveWebhookParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookVerdict dottedSign(String body) throws InvalidJsonException {
        return DottedSignWebhookParser.parse(Json.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String v2(String meta) {
        return "{\"meta\":{" + meta + "},\"data\":null,\"previous\":null}";
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                       | the body is empty",
            "'   '                    | the body is empty",
            "'{'                      | not valid JSON (line 1, column 2)",
            "'{\"meta\":}'            | not valid JSON",
            "'{} {}'                  | not valid JSON",
            "'{\"a\":1,\"a\":2}'      | Duplicate field 'a'",
            "'[1,2]'                  | must be a JSON object, not an array",
            "'\"text\"'               | must be a JSON object, not a string",
            "'42'                     | must be a JSON object, not a number",
            "'{}'                     | no 'meta' object",
            "'{\"meta\":[1]}'         | meta must be an object, not an array",
            "'{\"meta\":\"x\"}'       | meta must be an object, not a string",
    })
    void should_refuse_a_pipedrive_body_that_is_not_an_event_object_saying_why(String body, String reason) {
        assertThatThrownBy(() -> pipedrive(body)).isInstanceOf(InvalidJsonException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'\"action\":\"create\",\"id\":\"e\",\"entity_id\":1'                      | meta.entity is missing",
            "'\"action\":\"create\",\"entity\":7,\"id\":\"e\",\"entity_id\":1'         | meta.entity must be a non-empty string, not a number (7)",
            "'\"entity\":\"deal\",\"id\":\"e\",\"entity_id\":1'                         | meta.action is missing",
            "'\"entity\":\"deal\",\"action\":{},\"id\":\"e\",\"entity_id\":1'          | meta.action must be a non-empty string, not an object",
            "'\"entity\":\"deal\",\"action\":\"create\",\"entity_id\":1'               | meta.id (the event id) is missing",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":[],\"entity_id\":1'     | meta.id (the event id) must be a string, not an array",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":true,\"entity_id\":1'   | meta.id (the event id) must be a string, not a boolean",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\"'                  | meta.entity_id (the deal id) is missing",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":-5' | meta.entity_id (the deal id) must be a positive integer",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":0'  | meta.entity_id (the deal id) must be a positive integer",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":1.5'| meta.entity_id (the deal id) must be a positive integer",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":\"x1\"' | meta.entity_id (the deal id) must be a positive integer",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":99999999999999999999999' | must be a positive integer",
            "'\"entity\":\"deal\",\"action\":\"create\",\"id\":\"e\",\"entity_id\":{\"id\":1}' | must be a positive integer or a string of digits, not an object",
            "'\"entity\":\"deal\",\"action\":\"delete\",\"id\":\"e\",\"entity_id\":3,\"merged_to_id\":\"soon\"' | meta.merged_to_id must be a positive integer",
    })
    void should_refuse_a_pipedrive_v2_event_with_a_missing_or_wrongly_typed_field_naming_it(String meta, String reason) {
        assertThatThrownBy(() -> pipedrive(v2(meta))).isInstanceOf(InvalidJsonException.class).hasMessageContaining(reason);
    }

    @Test
    void should_refuse_an_event_id_too_long_for_the_inbox_rather_than_fail_to_store_it() {
        String meta = "\"entity\":\"deal\",\"action\":\"create\",\"id\":\"" + "e".repeat(201) + "\",\"entity_id\":1";

        assertThatThrownBy(() -> pipedrive(v2(meta))).hasMessageContaining("longer than 200 characters");
    }

    @Test
    void should_refuse_a_legacy_v1_event_without_action_or_with_a_negative_deal_id() {
        assertThatThrownBy(() -> pipedrive("{\"v\":1,\"meta\":{\"id\":3}}")).hasMessageContaining("meta.action and meta.object");
        assertThatThrownBy(() -> pipedrive("{\"v\":1,\"event\":\"added.deal\",\"meta\":{\"id\":-3}}"))
                .hasMessageContaining("meta.id (the deal id) must be a positive integer");
    }

    @Test
    void should_accept_ids_as_numbers_or_strings_and_ignore_unknown_fields_and_odd_optional_ones() throws Exception {
        WebhookVerdict verdict = pipedrive("{\"meta\":{\"entity\":\"deal\",\"action\":\"create\",\"id\":12345,"
                + "\"entity_id\":\" 42 \",\"timestamp\":{\"odd\":true},\"change_source\":[1],\"extra\":{}},\"data\":7}");

        assertThat(verdict).isInstanceOfSatisfying(WebhookVerdict.Store.class, store -> {
            assertThat(store.entry().subject()).isEqualTo("deal:42");
            assertThat(store.entry().eventKey()).isEqualTo("12345");
        });
    }

    @Test
    void should_acknowledge_unknown_actions_and_other_objects_quoting_them_safely() throws Exception {
        WebhookVerdict unknown = pipedrive(v2("\"entity\":\"deal\",\"action\":\"teleport\\nFAKE LOG LINE " + "x".repeat(500)
                + "\",\"id\":\"e\",\"entity_id\":1"));
        WebhookVerdict person = pipedrive(v2("\"entity\":\"person\",\"action\":\"create\""));

        assertThat(unknown).isInstanceOfSatisfying(WebhookVerdict.Ignore.class, ignore -> assertThat(ignore.reason())
                .contains("unknown deal action 'teleport?FAKE LOG LINE").doesNotContain("\n").hasSizeLessThan(150));
        assertThat(person).isInstanceOfSatisfying(WebhookVerdict.Ignore.class,
                ignore -> assertThat(ignore.reason()).contains("not a deal event (create.person)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'[]'                                                                          | must be a JSON object, not an array",
            "'{\"resource_id\":1,\"event_datetime\":1}'                                    | action_name is missing",
            "'{\"action_name\":5,\"resource_id\":1,\"event_datetime\":1}'                  | action_name must be a non-empty string, not a number (5)",
            "'{\"action_name\":\"\",\"resource_id\":1,\"event_datetime\":1}'               | action_name must be a non-empty string",
            "'{\"resource_type\":[],\"action_name\":\"completed\"}'                        | resource_type must be a string, not an array",
            "'{\"action_name\":\"completed\",\"event_datetime\":1}'                        | resource_id (the task id) must be a positive integer or a string of digits, not missing",
            "'{\"action_name\":\"completed\",\"resource_id\":-1,\"event_datetime\":1}'     | resource_id (the task id) must be a positive integer",
            "'{\"action_name\":\"completed\",\"resource_id\":\"1e3\",\"event_datetime\":1}'| resource_id (the task id) must be a positive integer or a string of digits, not a string (1e3)",
            "'{\"action_name\":\"completed\",\"resource_id\":1}'                           | event_datetime must be a time",
            "'{\"action_name\":\"completed\",\"resource_id\":1,\"event_datetime\":\"soon\"}'| event_datetime must be a time (epoch seconds, epoch milliseconds or ISO-8601), not a string (soon)",
            "'{\"action_name\":\"completed\",\"resource_id\":1,\"event_datetime\":-99999999999999999}' | event_datetime must be a time",
            "'{\"action_name\":\"completed\",\"resource_id\":1,\"event_datetime\":\"99999999999999999999999\"}' | event_datetime must be a time",
            "'{\"action_name\":\"completed\",\"resource_id\":1,\"event_datetime\":123456789012345678901234567890}' | event_datetime must be a time",
            "'{\"action_name\":\"viewed\",\"resource_id\":1,\"event_datetime\":{}}'        | event_datetime must be a time (epoch seconds, epoch milliseconds or ISO-8601), not an object",
    })
    void should_refuse_a_dottedsign_event_with_a_missing_or_wrongly_typed_field_naming_it(String body, String reason) {
        assertThatThrownBy(() -> dottedSign(body)).isInstanceOf(InvalidJsonException.class).hasMessageContaining(reason);
    }

    @Test
    void should_read_a_dottedsign_task_of_an_unexpected_shape_as_having_no_deal_id() throws Exception {
        long now = Instant.now().getEpochSecond();
        WebhookVerdict verdict = dottedSign("{\"action_name\":\"completed\",\"resource_id\":\"7\",\"event_datetime\":" + now
                + ",\"task\":{\"metadata\":[{\"key\":\"pipedrive_deal_id\",\"value\":\"3\"}],\"status\":{}}}");

        assertThat(verdict).isInstanceOfSatisfying(WebhookVerdict.Store.class, store -> {
            assertThat(store.entry().subject()).isEqualTo("task:7");
            assertThat(store.entry().payload()).contains("\"dealId\":null");
        });
    }

    @Test
    void should_accept_event_datetime_as_epoch_seconds_milliseconds_or_iso() throws Exception {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        for (String time : new String[]{String.valueOf(at.getEpochSecond()), String.valueOf(at.toEpochMilli()),
                "\"" + at + "\"", "\"2026-11-27T11:00:00+01:00\"", "\"" + at.getEpochSecond() + "\""}) {
            assertThat(DottedSignWebhookParser.eventTime(Json.parse(("{\"event_datetime\":" + time + "}")
                    .getBytes(StandardCharsets.UTF_8)))).as(time).hasValue(at);
        }
    }

    @Test
    void should_refuse_json_nested_beyond_the_parsers_limit_without_a_stack_overflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertThatThrownBy(() -> pipedrive(deep)).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("not acceptable JSON").hasMessageContaining("nesting depth");
    }
}
