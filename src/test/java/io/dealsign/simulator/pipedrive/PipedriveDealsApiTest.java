package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveDealsApiTest extends SimulatorTestSupport {

    @Test
    void get_deal_answers_the_v2_shape_with_integer_ids_and_rfc3339_times() {
        Person jane = sim.createPerson("Jane Doe", "jane@acme.test");
        Deal deal = sim.createDeal(DealDraft.titled("Acme contract").withPerson(jane.id()).inStage(2, 7).worth(1500, "USD"));

        JsonObject data = api.get("/api/v2/deals/" + deal.id()).json().getJsonObject("data");

        assertThat(data.getValue("id")).isEqualTo(1);
        assertThat(data.getString("title")).isEqualTo("Acme contract");
        assertThat(data.getString("status")).isEqualTo("open");
        assertThat(data.getValue("person_id")).isEqualTo(1);
        assertThat(data.getValue("owner_id")).isEqualTo((int) PipedriveSimulator.DEFAULT_SALES_REP_USER_ID);
        assertThat(data.getValue("pipeline_id")).isEqualTo(2);
        assertThat(data.getValue("stage_id")).isEqualTo(7);
        assertThat(data.getValue("value")).isEqualTo(1500);
        assertThat(data.getString("currency")).isEqualTo("USD");
        assertThat(data.getString("update_time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(data.getString("add_time"))).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.SECONDS));
        assertThat(data.getBoolean("is_deleted")).isFalse();
        assertThat(data.containsKey("lost_reason")).isTrue();
        assertThat(data.getValue("lost_reason")).isNull();
    }

    @Test
    void deal_without_person_has_null_person_id() {
        long id = sim.createDeal("No signer", null).id();

        JsonObject data = api.get("/api/v2/deals/" + id).json().getJsonObject("data");

        assertThat(data.containsKey("person_id")).isTrue();
        assertThat(data.getValue("person_id")).isNull();
    }

    @Test
    void unknown_deal_is_404_in_pipedrive_error_shape() {
        ApiClient.Reply reply = api.get("/api/v2/deals/999");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getBoolean("success")).isFalse();
        assertThat(reply.json().getString("error")).isEqualTo("Deal not found");
        assertThat(reply.json().getString("error_info")).isNotBlank();
        assertThat(api.get("/api/v2/deals/abc").status()).isEqualTo(400);
    }

    @Test
    void patch_status_won_answers_the_updated_deal_and_sets_won_and_close_time() {
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply reply = api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "won"));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject data = reply.json().getJsonObject("data");
        assertThat(data.getString("status")).isEqualTo("won");
        assertThat(data.getString("won_time")).isNotNull();
        assertThat(data.getString("close_time")).isNotNull();
        assertThat(sim.deal(id).orElseThrow().status()).isEqualTo("won");
    }

    @Test
    void patch_moves_the_deal_to_another_stage_and_pipeline() {
        long id = sim.createDeal("Acme", null).id();

        JsonObject data = api.patch("/api/v2/deals/" + id, new JsonObject().put("stage_id", 12).put("pipeline_id", 3))
                .json().getJsonObject("data");

        assertThat(data.getValue("stage_id")).isEqualTo(12);
        assertThat(data.getValue("pipeline_id")).isEqualTo(3);
    }

    @Test
    void patch_lost_with_a_reason_and_a_new_title() {
        long id = sim.createDeal("Acme", null).id();

        JsonObject data = api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "lost")
                .put("lost_reason", "Signer declined").put("title", "Acme (declined)")).json().getJsonObject("data");

        assertThat(data.getString("status")).isEqualTo("lost");
        assertThat(data.getString("lost_reason")).isEqualTo("Signer declined");
        assertThat(data.getString("title")).isEqualTo("Acme (declined)");
        assertThat(data.getString("lost_time")).isNotNull();
    }

    @Test
    void patch_with_an_invalid_status_is_400_and_changes_nothing() {
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply reply = api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "deleted"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getBoolean("success")).isFalse();
        assertThat(sim.deal(id).orElseThrow().status()).isEqualTo("open");
    }

    @Test
    void patch_is_as_strict_as_v2_about_types_and_lost_reason() {
        long id = sim.createDeal("Acme", null).id();

        assertThat(api.patch("/api/v2/deals/" + id, new JsonObject().put("stage_id", "7")).status()).isEqualTo(400);
        assertThat(api.patch("/api/v2/deals/" + id, new JsonObject().put("lost_reason", "x")).status()).isEqualTo(400);
        assertThat(api.send(api.request("/api/v2/deals/" + id).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("not json"))).status()).isEqualTo(400);
        assertThat(api.patch("/api/v2/deals/999", new JsonObject().put("status", "won")).status()).isEqualTo(404);
    }

    @Test
    void deleted_deal_stays_readable_with_is_deleted_for_30_days_then_is_gone() {
        long id = sim.createDeal("Acme", null).id();
        sim.deleteDeal(id);

        JsonObject data = api.get("/api/v2/deals/" + id).json().getJsonObject("data");
        assertThat(data.getBoolean("is_deleted")).isTrue();
        assertThat(api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "won")).status()).isEqualTo(404);

        sim.advanceClock(Duration.ofDays(30).plusMinutes(1));

        assertThat(api.get("/api/v2/deals/" + id).status()).isEqualTo(404);
    }

    @Test
    void deleted_deal_can_be_configured_to_answer_404_at_once() {
        long id = sim.createDeal("Acme", null).id();
        sim.deleteDeal(id);
        sim.deletedDealsReadable(false);

        assertThat(api.get("/api/v2/deals/" + id).status()).isEqualTo(404);
    }

    @Test
    void delete_through_the_api_marks_the_deal_deleted() {
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply reply = api.delete("/api/v2/deals/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("data").getValue("id")).isEqualTo((int) id);
        assertThat(sim.deal(id).orElseThrow().isDeleted()).isTrue();
    }

    @Test
    void list_without_filters_is_every_live_deal_by_id_ascending() {
        sim.seedDeals(5);
        sim.deleteDeal(3);

        JsonObject body = api.get("/api/v2/deals").json();

        assertThat(ids(body)).containsExactly(1L, 2L, 4L, 5L);
        assertThat(body.getJsonObject("additional_data").containsKey("next_cursor")).isTrue();
        assertThat(body.getJsonObject("additional_data").getValue("next_cursor")).isNull();
    }

    @Test
    void list_filters_by_status() {
        sim.seedDeals(4);
        sim.changeDeal(2, DealChange.status("won"));
        sim.changeDeal(3, DealChange.lost("too expensive"));

        assertThat(ids(api.get("/api/v2/deals?status=won").json())).containsExactly(2L);
        assertThat(ids(api.get("/api/v2/deals?status=open,lost").json())).containsExactly(1L, 3L, 4L);
        assertThat(api.get("/api/v2/deals?status=archived").status()).isEqualTo(400);
    }

    @Test
    void updated_since_is_inclusive_and_sorts_by_update_time() {
        sim.seedDeals(3);
        sim.advanceClock(Duration.ofHours(1));
        Instant watermark = sim.now().truncatedTo(ChronoUnit.SECONDS);
        sim.changeDeal(3, DealChange.title("changed first"));
        sim.advanceClock(Duration.ofSeconds(5));
        sim.changeDeal(1, DealChange.title("changed second"));

        JsonObject asc = api.get("/api/v2/deals?updated_since=" + watermark + "&sort_by=update_time&sort_direction=asc").json();
        JsonObject desc = api.get("/api/v2/deals?updated_since=" + watermark + "&sort_by=update_time&sort_direction=desc").json();

        assertThat(ids(asc)).containsExactly(3L, 1L);
        assertThat(ids(desc)).containsExactly(1L, 3L);
        assertThat(api.get("/api/v2/deals?updated_since=yesterday").status()).isEqualTo(400);
    }

    @Test
    void sort_by_add_time_descending() {
        sim.seedDeals(2);
        sim.advanceClock(Duration.ofMinutes(1));
        sim.seedDeals(1);

        assertThat(ids(api.get("/api/v2/deals?sort_by=add_time&sort_direction=desc").json())).containsExactly(3L, 2L, 1L);
        assertThat(api.get("/api/v2/deals?sort_by=title").status()).isEqualTo(400);
    }

    @Test
    void cursor_paging_visits_every_deal_once_and_ends_with_a_null_cursor() {
        sim.seedDeals(250);

        List<Long> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = api.get("/api/v2/deals?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            pageSizes.add(page.getJsonArray("data").size());
            seen.addAll(ids(page));
            cursor = page.getJsonObject("additional_data").getString("next_cursor");
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates();
        assertThat(seen).isSorted();
    }

    @Test
    void cursor_paging_by_update_time_never_skips_a_deal_that_changes_between_pages() {
        sim.seedDeals(30);
        Set<Long> seen = new HashSet<>();
        JsonObject page = api.get("/api/v2/deals?sort_by=update_time&sort_direction=asc&limit=10").json();
        seen.addAll(ids(page));

        // Between pages the sales rep edits a deal already handed out and one not yet reached.
        sim.changeDeal(2, DealChange.title("edited after being read"));
        sim.changeDeal(25, DealChange.title("edited before being read"));
        String cursor = page.getJsonObject("additional_data").getString("next_cursor");
        List<Long> rest = new ArrayList<>();
        while (cursor != null) {
            page = api.get("/api/v2/deals?sort_by=update_time&sort_direction=asc&limit=10&cursor=" + cursor).json();
            rest.addAll(ids(page));
            cursor = page.getJsonObject("additional_data").getString("next_cursor");
        }
        seen.addAll(rest);

        assertThat(seen).hasSize(30);
        assertThat(rest).endsWith(2L, 25L); // both now sort last, by their new modification
        assertThat(rest).doesNotHaveDuplicates();
    }

    @Test
    void list_rejects_bad_paging_arguments() {
        assertThat(api.get("/api/v2/deals?limit=501").status()).isEqualTo(400);
        assertThat(api.get("/api/v2/deals?limit=500").status()).isEqualTo(200);
        assertThat(api.get("/api/v2/deals?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v2/deals?cursor=garbage!").status()).isEqualTo(400);
        assertThat(api.get("/api/v2/deals?sort_direction=up").status()).isEqualTo(400);
    }

    @Test
    void status_deleted_lists_deals_deleted_in_the_last_30_days_with_paging() {
        sim.seedDeals(6);
        sim.deleteDeal(2);
        sim.advanceClock(Duration.ofDays(20));
        sim.deleteDeal(4);
        sim.deleteDeal(5);

        JsonObject first = api.get("/api/v2/deals?status=deleted&limit=2").json();
        String cursor = first.getJsonObject("additional_data").getString("next_cursor");
        JsonObject second = api.get("/api/v2/deals?status=deleted&limit=2&cursor=" + cursor).json();

        assertThat(ids(first)).containsExactly(2L, 4L);
        assertThat(ids(second)).containsExactly(5L);
        assertThat(second.getJsonObject("additional_data").getValue("next_cursor")).isNull();
        assertThat(first.getJsonArray("data").getJsonObject(0).getBoolean("is_deleted")).isTrue();

        sim.advanceClock(Duration.ofDays(11)); // deal 2 is now 31 days gone
        assertThat(ids(api.get("/api/v2/deals?status=deleted").json())).containsExactly(4L, 5L);
        assertThat(ids(api.get("/api/v2/deals").json())).containsExactly(1L, 3L, 6L);
    }

    @Test
    void person_with_emails_lists_them_with_primary_and_label() {
        Person jane = sim.createPerson("Jane Doe", "jane@acme.test", "jane.private@mail.test");

        JsonObject data = api.get("/api/v2/persons/" + jane.id()).json().getJsonObject("data");

        assertThat(data.getValue("id")).isEqualTo(1);
        assertThat(data.getString("name")).isEqualTo("Jane Doe");
        assertThat(data.getString("first_name")).isEqualTo("Jane");
        assertThat(data.getString("last_name")).isEqualTo("Doe");
        JsonArray emails = data.getJsonArray("emails");
        assertThat(emails).hasSize(2);
        assertThat(emails.getJsonObject(0)).isEqualTo(new JsonObject().put("value", "jane@acme.test").put("primary", true).put("label", "work"));
        assertThat(emails.getJsonObject(1).getBoolean("primary")).isFalse();
        assertThat(data.getJsonArray("phones")).isEmpty();
    }

    @Test
    void person_without_emails_has_an_empty_array_and_unknown_person_is_404() {
        Person nobody = sim.createPerson("No Mail");

        JsonObject data = api.get("/api/v2/persons/" + nobody.id()).json().getJsonObject("data");

        assertThat(data.getJsonArray("emails")).isEmpty();
        assertThat(data.getString("last_name")).isEqualTo("Mail");
        assertThat(api.get("/api/v2/persons/42").status()).isEqualTo(404);
    }

    private static List<Long> ids(JsonObject listBody) {
        List<Long> ids = new ArrayList<>();
        listBody.getJsonArray("data").forEach(d -> ids.add(((JsonObject) d).getLong("id")));
        return ids;
    }
}
