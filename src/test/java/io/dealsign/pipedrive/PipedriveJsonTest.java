package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading Pipedrive's answers tolerantly: what the simulator never sends but Pipedrive might. */
class PipedriveJsonTest {

    @Test
    void should_read_ids_given_as_strings_and_a_value_given_as_text() {
        Deal deal = PipedriveJson.deal(json("""
                {"id":"42","title":"Strings","status":"open","person_id":"7","owner_id":"9","stage_id":"3",
                 "pipeline_id":"1","value":"1999.99","currency":"USD","update_time":"2026-01-02T03:04:05Z",
                 "is_deleted":false,"brand_new_field":{"x":1}}"""));

        assertThat(deal).isEqualTo(new Deal(42, "Strings", "open", 7L, 9L, 3L, 1L, new BigDecimal("1999.99"), "USD",
                Instant.parse("2026-01-02T03:04:05Z"), false));
    }

    @Test
    void should_read_v1_shapes_related_objects_user_id_and_space_separated_times() {
        Deal deal = PipedriveJson.deal(json("""
                {"id":5,"title":"Old","status":"deleted","person_id":{"name":"Jane","value":77},
                 "user_id":{"id":12,"name":"Rep"},"update_time":"2026-01-02 03:04:05","value":0}"""));

        assertThat(deal.personId()).isEqualTo(77L);
        assertThat(deal.ownerId()).isEqualTo(12L);
        assertThat(deal.updateTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(deal.deleted()).isTrue();
        assertThat(deal.value()).isEqualByComparingTo("0");
    }

    @Test
    void should_keep_every_digit_of_a_numeric_value_that_a_double_would_round() {
        assertThat(PipedriveJson.deal(json("{\"id\":1,\"value\":12345678901234567.89}")).value())
                .isEqualByComparingTo(new BigDecimal("12345678901234567.89"));
    }

    @Test
    void should_read_missing_optional_fields_as_null() {
        Deal deal = PipedriveJson.deal(json("{\"id\":1,\"person_id\":null}"));

        assertThat(deal).isEqualTo(new Deal(1, null, null, null, null, null, null, null, null, null, false));
    }

    @Test
    void should_refuse_a_deal_without_an_id_as_a_pipedrive_api_exception() {
        assertThatThrownBy(() -> PipedriveJson.deal(json("{\"title\":\"no id\"}")))
                .isInstanceOf(PipedriveApiException.class).hasMessageContaining("no id");
    }

    @Test
    void should_read_v1_email_field_string_flags_and_bare_strings() {
        Person person = PipedriveJson.person(json("""
                {"id":"3","first_name":"Ann","last_name":"Lee","email":[
                  {"value":"","primary":"true"},{"value":"ann@work.example","primary":"false","label":"work"},
                  "ann@home.example",{"label":"no value"}]}"""));

        assertThat(person.id()).isEqualTo(3);
        assertThat(person.name()).isEqualTo("Ann Lee");
        // entries without an address are no e-mail at all
        assertThat(person.emails()).extracting(Person.Email::value)
                .containsExactly("ann@work.example", "ann@home.example");
        assertThat(person.emails().get(0)).isEqualTo(new Person.Email("ann@work.example", false, "work"));
        // the primary one was empty, so the first non-empty one signs
        assertThat(person.signerEmail()).contains("ann@work.example");
    }

    @Test
    void should_read_a_file_by_its_visible_name_or_else_its_stored_name() {
        assertThat(PipedriveJson.file(json("{\"id\":\"8\",\"file_name\":\"c_abc.pdf\",\"deal_id\":\"4\",\"file_size\":\"12\"}")))
                .isEqualTo(new DealFile(8, "c_abc.pdf", 4L, 12L));
        assertThat(PipedriveJson.file(json("{\"id\":8,\"name\":\"Contract.pdf\",\"file_name\":\"c_abc.pdf\"}")).name())
                .isEqualTo("Contract.pdf");
    }

    @Test
    void should_read_v1_pages_with_null_data_and_stop_when_no_more_items() {
        JsonNode empty = json("{\"success\":true,\"data\":null,\"additional_data\":{\"pagination\":{\"more_items_in_collection\":false}}}");
        JsonNode more = json("{\"success\":true,\"data\":[],\"additional_data\":{\"pagination\":{\"more_items_in_collection\":true,\"next_start\":100}}}");
        JsonNode stuck = json("{\"data\":[],\"additional_data\":{\"pagination\":{\"more_items_in_collection\":true,\"next_start\":0}}}");

        assertThat(PipedriveJson.items(empty)).isEmpty();
        assertThat(PipedriveJson.nextStart(empty, 0, 100)).isEmpty();
        assertThat(PipedriveJson.nextStart(more, 0, 100)).contains(100);
        assertThat(PipedriveJson.nextStart(stuck, 0, 100)).isEmpty();
    }

    @Test
    void should_read_a_deal_page_and_a_blank_cursor_as_the_last_page() {
        DealPage page = PipedriveJson.dealPage(json("{\"data\":[{\"id\":1},{\"id\":\"2\"}],\"additional_data\":{\"next_cursor\":\"\"}}"));

        assertThat(page.deals()).extracting(Deal::id).containsExactly(1L, 2L);
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void should_see_html_empty_and_array_bodies_as_not_a_json_object() {
        assertThat(PipedriveJson.object("<!DOCTYPE html><html>blocked</html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(PipedriveJson.object(new byte[0])).isEmpty();
        assertThat(PipedriveJson.object(null)).isEmpty();
        assertThat(PipedriveJson.object("[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static JsonNode json(String text) {
        return PipedriveJson.object(text.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }
}
