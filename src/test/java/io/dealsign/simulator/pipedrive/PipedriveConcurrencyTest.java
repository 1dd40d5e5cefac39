package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveConcurrencyTest extends SimulatorTestSupport {

    @Test
    void concurrent_patches_are_applied_one_after_another_and_each_event_chains_to_the_previous() {
        long id = sim.createDeal("v0", null).id();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            HttpRequest patch = api.request("/api/v2/deals/" + id).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(new JsonObject().put("title", "v" + i).encode())).build();
            calls.add(api.http().sendAsync(patch, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
        List<DealEvent> changes = sim.events().stream().filter(e -> e.action() == DealEvent.Action.CHANGE).toList();
        assertThat(changes).hasSize(40);
        Set<String> titlesSeen = new HashSet<>();
        String expectedPrevious = "v0";
        for (DealEvent change : changes) {
            assertThat(change.previousV2().getString("title")).isEqualTo(expectedPrevious);
            expectedPrevious = change.current().title();
            titlesSeen.add(expectedPrevious);
        }
        assertThat(titlesSeen).hasSize(40);
        assertThat(sim.deal(id).orElseThrow().title()).isEqualTo(expectedPrevious);
    }
}
