package io.dealsign.simulator.pipedrive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveWebhookRetryTest extends SimulatorTestSupport {

    @Test
    void a_failing_receiver_gets_three_retries_with_the_same_event_id_and_rising_attempt() {
        sim.webhookTimeScale(0.004);
        receiver.answer(500);
        sim.subscribe(receiver.url(), "*", "2.0", null, null);

        sim.createDeal("Acme", null);

        eventually().until(() -> sim.deliveries().size() == 4);
        String eventId = sim.events().get(0).id();
        assertThat(receiver.received()).extracting(r -> r.meta().getInteger("attempt")).containsExactly(1, 2, 3, 4);
        assertThat(receiver.received()).extracting(r -> r.meta().getString("id")).containsOnly(eventId);
        assertThat(sim.deliveries()).extracting(DeliveryAttempt::status).containsOnly(500);
        assertThat(sim.deliveries()).extracting(DeliveryAttempt::outcome).containsOnly(DeliveryAttempt.Outcome.FAILED);
        // 3 s, 30 s and 150 s at a time scale of 0.004: the gaps grow 12 ms, 120 ms, 600 ms
        List<DeliveryAttempt> attempts = sim.deliveriesOf(eventId);
        assertThat(Duration.between(attempts.get(2).at(), attempts.get(3).at())).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void a_receiver_that_recovers_gets_the_retry_and_no_more() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(r -> calls.incrementAndGet() == 1 ? 503 : 204);
        sim.subscribe(receiver.url(), "*", "2.0", null, null);

        sim.createDeal("Acme", null);

        eventually().until(() -> sim.deliveries().stream().anyMatch(DeliveryAttempt::delivered));
        assertThat(sim.deliveries()).extracting(DeliveryAttempt::attempt).containsExactly(1, 2);
        assertThat(sim.deliveries().get(1).status()).isEqualTo(204);
    }

    @Test
    void v1_retries_count_the_retry_field_from_zero() {
        receiver.answer(r -> r.body().getInteger("retry") < 2 ? 500 : 200);
        sim.subscribe(receiver.url(), "*", "1.0", null, null);

        sim.createDeal("Acme", null);

        eventually().until(() -> sim.deliveries().stream().anyMatch(DeliveryAttempt::delivered));
        assertThat(receiver.received()).extracting(r -> r.body().getInteger("retry")).containsExactly(0, 1, 2);
    }

    @Test
    void a_receiver_slower_than_the_timeout_counts_as_failed() {
        receiver.answer(r -> r.meta().getInteger("attempt") == 1 ? WebhookReceiver.NO_ANSWER : 200);
        sim.webhookTimeout(Duration.ofMillis(300));
        sim.subscribe(receiver.url(), "*", "2.0", null, null);

        sim.createDeal("Acme", null);

        eventually().until(() -> sim.deliveries().stream().anyMatch(DeliveryAttempt::delivered));
        DeliveryAttempt first = sim.deliveries().get(0);
        assertThat(first.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
        assertThat(first.error()).isEqualTo("timeout");
        assertThat(first.status()).isNull();
    }

    @Test
    void an_unreachable_endpoint_counts_as_failed_and_is_retried() {
        sim.webhookTimeScale(0.001);
        String deadUrl = receiver.url();
        receiver.close();
        sim.subscribe(deadUrl, "*", "2.0", null, null);

        sim.createDeal("Acme", null);

        eventually().until(() -> sim.deliveries().size() == 4);
        assertThat(sim.deliveries()).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
            assertThat(a.error()).isNotBlank();
        });
    }

    @Test
    void ten_failed_first_attempts_in_a_row_ban_the_webhook_and_its_events_are_dropped_until_the_ban_ends() {
        sim.webhookTimeScale(0.0005); // retries 1.5 ms / 15 ms / 75 ms, ban 0.9 s
        receiver.answer(500);
        Webhook webhook = sim.subscribe(receiver.url(), "*", "2.0", null, null);
        List<Deal> deals = sim.seedDeals(12);

        for (int i = 0; i < 10; i++) {
            sim.changeDeal(deals.get(i).id(), DealChange.title("fails " + i));
        }
        eventually().until(() -> sim.isBanned(webhook.id()));
        assertThat(sim.deliveries()).filteredOn(a -> a.attempt() == 1).hasSize(10);
        receiver.answer(200);
        sim.changeDeal(deals.get(10).id(), DealChange.title("during the ban"));

        String droppedEvent = sim.events().get(10).id();
        eventually().until(() -> !sim.deliveriesOf(droppedEvent).isEmpty());
        assertThat(sim.deliveriesOf(droppedEvent)).singleElement()
                .extracting(DeliveryAttempt::outcome).isEqualTo(DeliveryAttempt.Outcome.DROPPED_BANNED);
        assertThat(sim.deliveries()).filteredOn(a -> a.attempt() == 1 && a.outcome() == DeliveryAttempt.Outcome.FAILED)
                .hasSize(10);

        eventually().until(() -> !sim.isBanned(webhook.id()));
        sim.changeDeal(deals.get(11).id(), DealChange.title("after the ban"));
        String afterBan = sim.events().get(11).id();
        eventually().until(() -> sim.deliveriesOf(afterBan).stream().anyMatch(DeliveryAttempt::delivered));
        assertThat(receiver.received()).noneMatch(r -> r.meta().getString("id").equals(droppedEvent));
    }

    @Test
    void a_success_resets_the_ban_counter() {
        sim.webhookTimeScale(0.001);
        AtomicInteger firstAttempts = new AtomicInteger();
        // The 10th first attempt succeeds, so 19 failed first attempts never make ten in a row.
        receiver.answer(r -> r.meta().getInteger("attempt") == 1 && firstAttempts.incrementAndGet() == 10 ? 200 : 500);
        Webhook webhook = sim.subscribe(receiver.url(), "create", "2.0", null, null);

        for (int i = 1; i <= 19; i++) {
            createDealAndAwaitItsFirstAttempt("deal " + i);
        }

        assertThat(sim.isBanned(webhook.id())).isFalse();
        assertThat(sim.deliveries()).noneMatch(a -> a.outcome() == DeliveryAttempt.Outcome.DROPPED_BANNED);
    }

    /** One at a time, so "in a row" means the order the test chose, not the order concurrent answers came back. */
    private void createDealAndAwaitItsFirstAttempt(String title) {
        long dealId = sim.createDeal(title, null).id();
        eventually().until(() -> sim.deliveries().stream().anyMatch(a -> a.dealId() == dealId && a.attempt() == 1));
    }
}
