package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests arriving at once must leave the store consistent. */
class ConcurrencyTest extends SimulatorTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> future : callers.invokeAll(calls)) {
            results.add(future.get());
        }
        return results;
    }

    private ApiClient.Response create() {
        return client.post("/v1/sign_tasks", token, new JsonObject().put("file_name", "Quote").put("template_id", 1)
                .put("stages", new JsonArray().add(new JsonObject().put("name", "Ann").put("email", "ann@acme.example")))
                .put("start", true));
    }

    @Test
    void should_give_unique_ids_to_tasks_created_at_once() throws Exception {
        List<Callable<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            calls.add(() -> create().data().getLong("task_id"));
        }

        List<Long> ids = runAll(calls);

        assertThat(ids).doesNotHaveDuplicates().hasSize(120);
        assertThat(client.get("/v1/sign_tasks/list?per_page=1", token).data().getInteger("total_count")).isEqualTo(120);
    }

    @Test
    void should_never_exceed_the_monthly_quota_when_creates_race() throws Exception {
        sim.monthlyTaskQuota(10);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(() -> create().status());
        }

        List<Integer> statuses = runAll(calls);

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(30);
        assertThat(sim.tasks()).hasSize(10);
    }

    @Test
    void should_let_exactly_one_of_two_racing_voids_win() throws Exception {
        List<Long> taskIds = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            taskIds.add(create().data().getLong("task_id"));
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (long taskId : taskIds) {
            for (int twice = 0; twice < 2; twice++) {
                calls.add(() -> client.post("/v1/sign_tasks/void", token, new JsonObject().put("task_id", taskId)).status());
            }
        }

        List<Integer> statuses = runAll(calls);

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(15);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(15);
    }
}
