package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TaskListTest extends SimulatorTest {

    private static final Instant BASE = Instant.parse("2026-01-05T08:00:00Z");
    private static final TaskStatus[] STATUSES = TaskStatus.values();

    /** 2,000 tasks: statuses in rotation, a deal id each, updated_at in an order unrelated to ids. */
    private List<Long> seedTwoThousand() {
        List<SeedTask> seeds = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Instant created = BASE.plus(Duration.ofMinutes(i));
            seeds.add(SeedTask.withStatus(STATUSES[i % STATUSES.length])
                    .withFileName("Seeded " + i)
                    .withMetadata("pipedrive_deal_id", String.valueOf(5000 + i))
                    .withCreatedAt(created)
                    .withUpdatedAt(created.plus(Duration.ofSeconds((i * 7919L) % 100_000))));
        }
        return sim.seed(seeds);
    }

    private JsonObject list(String query) {
        ApiClient.Response response = client.get("/v1/sign_tasks/list" + query, token);
        assertThat(response.status()).as("list %s: %s", query, response).isEqualTo(200);
        return response.data();
    }

    private static List<Long> ids(JsonObject page) {
        return page.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getLong("task_id")).toList();
    }

    @Test
    void should_page_through_2000_seeded_tasks_without_gaps_or_duplicates() {
        List<Long> seeded = seedTwoThousand();

        Set<Long> seen = new HashSet<>();
        List<String> updatedAts = new ArrayList<>();
        JsonObject first = list("?page=1&per_page=100&sort_type=updated_at&order_by=desc");
        assertThat(first.getInteger("total_pages")).isEqualTo(20);
        assertThat(first.getInteger("total_count")).isEqualTo(2000);
        for (int page = 1; page <= 20; page++) {
            JsonObject data = list("?page=" + page + "&per_page=100&sort_type=updated_at&order_by=desc");
            assertThat(data.getInteger("current_page")).isEqualTo(page);
            assertThat(data.getJsonArray("tasks")).hasSize(100);
            data.getJsonArray("tasks").forEach(t -> updatedAts.add(((JsonObject) t).getString("updated_at")));
            seen.addAll(ids(data));
        }

        assertThat(seen).containsExactlyInAnyOrderElementsOf(seeded);
        List<OffsetDateTime> times = updatedAts.stream().map(OffsetDateTime::parse).toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isBeforeOrEqualTo(times.get(i - 1));
        }
    }

    @Test
    void should_default_to_page_one_with_twenty_tasks() {
        seedTwoThousand();

        JsonObject data = list("");

        assertThat(data.getInteger("current_page")).isEqualTo(1);
        assertThat(data.getJsonArray("tasks")).hasSize(20);
        assertThat(data.getInteger("total_pages")).isEqualTo(100);
    }

    @Test
    void should_cap_per_page_at_100() {
        seedTwoThousand();

        JsonObject data = list("?per_page=500");

        assertThat(data.getJsonArray("tasks")).hasSize(100);
        assertThat(data.getInteger("total_pages")).isEqualTo(20);
    }

    @Test
    void should_sort_by_updated_at_ascending_and_by_created_at() {
        long older = sim.seed(SeedTask.withStatus(TaskStatus.WAITING).withCreatedAt(BASE).withUpdatedAt(BASE.plusSeconds(300)));
        long newer = sim.seed(SeedTask.withStatus(TaskStatus.WAITING).withCreatedAt(BASE.plusSeconds(60)).withUpdatedAt(BASE.plusSeconds(120)));

        assertThat(ids(list("?sort_type=updated_at&order_by=asc"))).containsExactly(newer, older);
        assertThat(ids(list("?sort_type=updated_at&order_by=desc"))).containsExactly(older, newer);
        assertThat(ids(list("?sort_type=created_at&order_by=asc"))).containsExactly(older, newer);
        assertThat(ids(list("?sort_type=created_at&order_by=desc"))).containsExactly(newer, older);
    }

    @Test
    void should_list_a_task_first_by_updated_at_once_it_changes() {
        long first = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        long second = client.createTask(token, true, new JsonObject(), "ann@acme.example");
        assertThat(ids(list("?sort_type=updated_at&order_by=desc"))).containsExactly(second, first);

        sim.sign(first);

        assertThat(ids(list("?sort_type=updated_at&order_by=desc"))).containsExactly(first, second);
    }

    @Test
    void should_filter_by_status() {
        seedTwoThousand();

        JsonObject data = list("?status=completed&per_page=100");

        assertThat(data.getInteger("total_count")).isEqualTo(2000 / 6 + (2000 % 6 > 2 ? 1 : 0));
        data.getJsonArray("tasks").forEach(t -> assertThat(((JsonObject) t).getString("status")).isEqualTo("completed"));
    }

    @Test
    void should_filter_by_a_metadata_pair_given_as_a_number_at_creation() {
        seedTwoThousand();
        long created = client.createTask(token, true, new JsonObject().put("pipedrive_deal_id", 999), "ann@acme.example");

        JsonObject data = list("?metadata_key=pipedrive_deal_id&metadata_value=999");

        assertThat(ids(data)).containsExactly(created);
        assertThat(data.getInteger("total_count")).isEqualTo(1);
        assertThat(data.getJsonArray("tasks").getJsonObject(0).getJsonObject("metadata").getValue("pipedrive_deal_id")).isEqualTo("999");
    }

    @Test
    void should_combine_status_and_metadata_filters() {
        long waiting = sim.seed(SeedTask.withStatus(TaskStatus.WAITING).withMetadata("pipedrive_deal_id", "7"));
        sim.seed(SeedTask.withStatus(TaskStatus.VOIDED).withMetadata("pipedrive_deal_id", "7"));
        sim.seed(SeedTask.withStatus(TaskStatus.WAITING).withMetadata("pipedrive_deal_id", "8"));

        assertThat(ids(list("?status=waiting&metadata_key=pipedrive_deal_id&metadata_value=7"))).containsExactly(waiting);
    }

    @Test
    void should_reject_a_metadata_key_without_a_value_and_a_value_without_a_key() {
        assertError(client.get("/v1/sign_tasks/list?metadata_key=pipedrive_deal_id", token), 400417, "invalid_params", "metadata_value");
        assertError(client.get("/v1/sign_tasks/list?metadata_value=999", token), 400417, "invalid_params", "metadata_key");
    }

    @Test
    void should_reject_unknown_sort_order_status_and_page_values() {
        assertError(client.get("/v1/sign_tasks/list?sort_type=file_name", token), 400417, "invalid_params", "sort_type");
        assertError(client.get("/v1/sign_tasks/list?order_by=up", token), 400417, "invalid_params", "order_by");
        assertError(client.get("/v1/sign_tasks/list?status=signed", token), 400417, "invalid_params", "status");
        assertError(client.get("/v1/sign_tasks/list?page=0", token), 400417, "invalid_params", "page");
        assertError(client.get("/v1/sign_tasks/list?per_page=-5", token), 400417, "invalid_params", "per_page");
    }

    @Test
    void should_answer_an_empty_page_past_the_end() {
        sim.seed(SeedTask.withStatus(TaskStatus.DRAFT));

        JsonObject data = list("?page=3");

        assertThat(data.getJsonArray("tasks")).isEqualTo(new JsonArray());
        assertThat(data.getInteger("current_page")).isEqualTo(3);
        assertThat(data.getInteger("total_pages")).isEqualTo(1);
    }

    @Test
    void should_not_list_discarded_tasks() {
        long kept = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED).withMetadata("pipedrive_deal_id", "1"));
        long discarded = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED).withMetadata("pipedrive_deal_id", "1"));
        client.post("/v1/sign_tasks/discard", token, new JsonObject().put("task_id", discarded));

        assertThat(ids(list(""))).containsExactly(kept);
        assertThat(ids(list("?metadata_key=pipedrive_deal_id&metadata_value=1"))).containsExactly(kept);
        assertThat(list("").getInteger("total_count")).isEqualTo(1);
    }

    @Test
    void should_give_seeded_tasks_the_times_and_consistent_stages_asked_for() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.COMPLETED)
                .withCreatedAt(BASE).withUpdatedAt(BASE.plusSeconds(90))
                .withStages(List.of(new Stage("Ann", "ann@acme.example", StageStatus.WAITING),
                        new Stage("Bob", "bob@acme.example", StageStatus.WAITING))));

        JsonObject task = read(taskId);

        assertThat(OffsetDateTime.parse(task.getString("created_at")).toInstant()).isEqualTo(BASE);
        assertThat(OffsetDateTime.parse(task.getString("updated_at")).toInstant()).isEqualTo(BASE.plusSeconds(90));
        assertThat(task.getJsonArray("stages").stream().map(s -> ((JsonObject) s).getString("status"))).containsExactly("signed", "signed");
    }

    @Test
    void should_never_seed_a_task_updated_before_it_was_created() {
        long taskId = sim.seed(SeedTask.withStatus(TaskStatus.WAITING).withUpdatedAt(BASE));

        JsonObject task = read(taskId);

        assertThat(task.getString("created_at")).isEqualTo(task.getString("updated_at"));
        assertThat(OffsetDateTime.parse(task.getString("updated_at")).toInstant()).isEqualTo(BASE);
    }
}
