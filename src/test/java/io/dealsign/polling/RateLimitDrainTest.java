package io.dealsign.polling;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A burst of deals against Pipedrive's rate limit: drained near the limit, with no retry storm. */
class RateLimitDrainTest {

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_give_thirty_deals_arriving_at_once_one_task_each_near_a_limit_of_four_requests_per_two_seconds() {
        world = worlds.start(Map.of(
                "pipedrive.rate-limit.requests", "4",
                "pipedrive.rate-limit.period", "2000"));
        List<Long> deals = world.withoutPipedriveWebhooks(() -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Person person = world.pipedrive.createPerson("Signer " + i, "signer" + i + "@example.com");
                ids.add(world.pipedrive.createDeal(DealDraft.titled("Burst " + i).withPerson(person.id())).id());
            }
            return ids;
        });
        world.pipedrive.requests().clear();
        world.pipedrive.burstLimit(4, Duration.ofSeconds(2));
        Instant start = Instant.now();

        world.pipedrive.events().forEach(event -> world.pipedrive.redeliver(event.id()));

        await().atMost(Duration.ofSeconds(90)).until(() -> deals.stream().allMatch(id ->
                world.binding(id) != null && world.binding(id).hasTask()));
        Duration drain = Duration.between(start, Instant.now());
        List<RecordedRequest> calls = world.pipedrive.requests().matching(r -> r.path().startsWith("/api/"));
        long tooMany = calls.stream().filter(r -> r.status() == 429).count();
        long served = calls.size() - tooMany;
        double perSecond = served / (drain.toMillis() / 1000.0);

        assertThat(world.dottedSign.tasks()).hasSize(30);
        assertThat(tooMany).as("429s (no retry storm)").isLessThanOrEqualTo(3);
        assertThat(perSecond).as("achieved rate against the limit of 2 per second").isGreaterThan(1.4);
        System.out.printf("30 deals: %d Pipedrive calls in %d ms (%.2f/s of 2.00/s), %d 429s%n",
                served, drain.toMillis(), perSecond, tooMany);
    }
}
