package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveWebhookDeliveryTest extends SimulatorTestSupport {

    private Webhook subscribeV2() {
        return sim.subscribe(receiver.url(), "*", "2.0", "pipedrive", "hook-secret");
    }

    private Webhook subscribeV1() {
        return sim.subscribe(receiver.url(), "*", "1.0", null, null);
    }

    @Test
    void deal_created_by_a_sales_rep_arrives_as_v2_create_with_basic_auth_and_null_previous() {
        Webhook webhook = subscribeV2();
        Person jane = sim.createPerson("Jane Doe", "jane@acme.test");

        Deal deal = sim.createDeal(DealDraft.titled("Acme").withPerson(jane.id()));

        eventually().until(() -> receiver.v2("create").size() == 1);
        WebhookReceiver.Received create = receiver.v2("create").get(0);
        JsonObject meta = create.meta();
        assertThat(create.basicCredentials()).isEqualTo("pipedrive:hook-secret");
        assertThat(create.header("content-type")).startsWith("application/json");
        assertThat(meta.getString("id")).matches("[0-9a-f-]{36}");
        assertThat(meta.getString("entity")).isEqualTo("deal");
        assertThat(meta.getString("entity_id")).isEqualTo(String.valueOf(deal.id()));
        assertThat(meta.getInteger("attempt")).isEqualTo(1);
        assertThat(meta.getString("change_source")).isEqualTo("app");
        assertThat(meta.getString("user_id")).isEqualTo(String.valueOf(PipedriveSimulator.DEFAULT_SALES_REP_USER_ID));
        assertThat(meta.getString("company_id")).isEqualTo(String.valueOf(PipedriveSimulator.DEFAULT_COMPANY_ID));
        assertThat(meta.getString("webhook_id")).isEqualTo(String.valueOf(webhook.id()));
        assertThat(meta.getString("version")).isEqualTo("2.0");
        assertThat(meta.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(meta.containsKey("merged_to_id")).isFalse();
        assertThat(create.body().getJsonObject("data").getValue("person_id")).isEqualTo((int) jane.id());
        assertThat(create.body().getJsonObject("data").getString("title")).isEqualTo("Acme");
        assertThat(create.body().containsKey("previous")).isTrue();
        assertThat(create.body().getValue("previous")).isNull();
        // The simulator records an attempt once the answer is back, just after the receiver has the request.
        eventually().untilAsserted(() -> assertThat(sim.deliveries()).singleElement().satisfies(a -> {
            assertThat(a.delivered()).isTrue();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.eventId()).isEqualTo(meta.getString("id"));
        }));
    }

    @Test
    void change_carries_only_the_changed_fields_in_previous() {
        subscribeV2();
        long id = sim.createDeal("Acme", null).id();
        sim.advanceClock(java.time.Duration.ofMinutes(1)); // so stage_change_time visibly changes too

        sim.changeDeal(id, DealChange.stage(1, 4).and("title", "Acme v2"));

        eventually().until(() -> receiver.v2("change").size() == 1);
        JsonObject body = receiver.v2("change").get(0).body();
        assertThat(body.getJsonObject("previous").fieldNames()).containsExactlyInAnyOrder("stage_id", "title", "stage_change_time");
        assertThat(body.getJsonObject("previous").getValue("stage_id")).isEqualTo(1);
        assertThat(body.getJsonObject("previous").getString("title")).isEqualTo("Acme");
        assertThat(body.getJsonObject("data").getValue("stage_id")).isEqualTo(4);
        assertThat(body.getJsonObject("previous").containsKey("status")).isFalse();
    }

    @Test
    void status_won_change_lists_status_in_previous() {
        subscribeV2();
        long id = sim.createDeal("Acme", null).id();

        sim.changeDeal(id, DealChange.status("won"));

        eventually().until(() -> receiver.v2("change").size() == 1);
        JsonObject previous = receiver.v2("change").get(0).body().getJsonObject("previous");
        assertThat(previous.getString("status")).isEqualTo("open");
        assertThat(previous.containsKey("won_time")).isTrue();
        assertThat(previous.containsKey("update_time")).isFalse();
    }

    @Test
    void delete_has_null_data_and_the_last_full_state_in_previous() {
        subscribeV2();
        long id = sim.createDeal("Acme", null).id();
        sim.changeDeal(id, DealChange.status("lost"));

        sim.deleteDeal(id);

        eventually().until(() -> receiver.v2("delete").size() == 1);
        JsonObject body = receiver.v2("delete").get(0).body();
        assertThat(body.getValue("data")).isNull();
        assertThat(body.getJsonObject("previous").getString("title")).isEqualTo("Acme");
        assertThat(body.getJsonObject("previous").getString("status")).isEqualTo("lost");
        assertThat(body.getJsonObject("previous").getValue("id")).isEqualTo((int) id);
    }

    @Test
    void patch_through_the_api_comes_back_as_a_change_with_change_source_api_and_the_token_user() {
        subscribeV2();
        long id = sim.createDeal("Acme", null).id();

        api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "won"));

        eventually().until(() -> receiver.v2("change").size() == 1);
        JsonObject meta = receiver.v2("change").get(0).meta();
        assertThat(meta.getString("change_source")).isEqualTo("api");
        assertThat(meta.getString("user_id")).isEqualTo(String.valueOf(PipedriveSimulator.DEFAULT_API_USER_ID));
        assertThat(receiver.v2("change").get(0).body().getJsonObject("previous").getString("status")).isEqualTo("open");
    }

    @Test
    void a_patch_that_changes_nothing_sends_no_webhook() {
        subscribeV2();
        long id = sim.createDeal("Acme", null).id();
        eventually().until(() -> receiver.received().size() == 1);

        api.patch("/api/v2/deals/" + id, new JsonObject().put("status", "open"));
        sim.changeDeal(id, DealChange.title("Marker"));

        eventually().until(() -> receiver.v2("change").size() == 1);
        assertThat(receiver.v2("change").get(0).body().getJsonObject("previous").getString("title")).isEqualTo("Acme");
        assertThat(sim.events()).hasSize(2);
    }

    @Test
    void merge_sends_a_delete_with_merged_to_id_and_a_change_with_merged_from_id() {
        subscribeV2();
        Person jane = sim.createPerson("Jane", "jane@acme.test");
        long loser = sim.createDeal("Duplicate", jane.id()).id();
        long survivor = sim.createDeal("Original", null).id();

        Deal merged = sim.mergeDeals(loser, survivor);

        eventually().until(() -> receiver.v2("delete").size() == 1 && receiver.v2("change").size() == 1);
        JsonObject delete = receiver.v2("delete").get(0).body();
        JsonObject change = receiver.v2("change").get(0).body();
        assertThat(delete.getJsonObject("meta").getString("entity_id")).isEqualTo(String.valueOf(loser));
        assertThat(delete.getJsonObject("meta").getString("merged_to_id")).isEqualTo(String.valueOf(survivor));
        assertThat(change.getJsonObject("meta").getString("entity_id")).isEqualTo(String.valueOf(survivor));
        assertThat(change.getJsonObject("meta").getString("merged_from_id")).isEqualTo(String.valueOf(loser));
        assertThat(change.getJsonObject("previous").getValue("person_id")).isNull();
        assertThat(merged.personId()).isEqualTo(jane.id());
        assertThat(sim.deal(loser).orElseThrow().isDeleted()).isTrue();
    }

    @Test
    void v1_webhook_gets_added_updated_and_deleted_with_full_previous_and_retry_zero() {
        subscribeV1();
        long id = sim.createDeal("Acme", null).id();
        sim.changeDeal(id, DealChange.status("won"));
        sim.deleteDeal(id);

        eventually().until(() -> receiver.received().size() == 3);
        JsonObject added = receiver.v1("added.deal").get(0).body();
        JsonObject updated = receiver.v1("updated.deal").get(0).body();
        JsonObject deleted = receiver.v1("deleted.deal").get(0).body();

        assertThat(added.getInteger("v")).isEqualTo(1);
        assertThat(added.getInteger("retry")).isZero();
        assertThat(added.getValue("previous")).isNull();
        assertThat(added.getJsonObject("meta").getValue("id")).isEqualTo((int) id);
        assertThat(added.getJsonObject("meta").getString("object")).isEqualTo("deal");
        assertThat(added.getJsonObject("meta").getString("action")).isEqualTo("added");
        assertThat(added.getJsonObject("meta").getLong("timestamp")).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.api.Assertions.within(5L));
        assertThat(added.getJsonObject("current").getValue("user_id")).isEqualTo((int) PipedriveSimulator.DEFAULT_SALES_REP_USER_ID);
        assertThat(added.getJsonObject("current").getString("update_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(updated.getJsonObject("previous").getString("status")).isEqualTo("open");
        assertThat(updated.getJsonObject("previous").getString("title")).as("v1 previous is the full object").isEqualTo("Acme");
        assertThat(updated.getJsonObject("current").getString("status")).isEqualTo("won");
        assertThat(deleted.getValue("current")).isNull();
        assertThat(deleted.getJsonObject("previous").getString("status")).isEqualTo("won");
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.header("authorization")).isNull());
    }

    @Test
    void v1_merge_sends_deleted_deal_and_merged_deal() {
        subscribeV1();
        long loser = sim.createDeal("Duplicate", null).id();
        long survivor = sim.createDeal("Original", null).id();

        sim.mergeDeals(loser, survivor);

        eventually().until(() -> receiver.v1("merged.deal").size() == 1 && receiver.v1("deleted.deal").size() == 1);
        assertThat(receiver.v1("merged.deal").get(0).body().getJsonObject("meta").getValue("id")).isEqualTo((int) survivor);
        assertThat(receiver.v1("deleted.deal").get(0).body().getJsonObject("meta").getValue("id")).isEqualTo((int) loser);
    }

    @Test
    void subscriptions_only_get_the_actions_they_asked_for() {
        sim.subscribe(receiver.url(), "change", "2.0", null, null);
        sim.subscribe(receiver.url(), "updated", "1.0", null, null);
        long id = sim.createDeal("Acme", null).id();
        sim.changeDeal(id, DealChange.title("x"));
        sim.deleteDeal(id);

        eventually().until(() -> sim.deliveries().size() == 2);
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.v2("change")).hasSize(1);
        assertThat(receiver.v1("updated.deal")).hasSize(1);
    }

    @Test
    void a_webhook_can_be_made_to_receive_v1_payloads_whatever_it_registered() {
        Webhook webhook = subscribeV2();
        sim.forceWebhookVersion(webhook.id(), "1.0");

        sim.createDeal("Acme", null);

        eventually().until(() -> receiver.v1("added.deal").size() == 1);
        assertThat(receiver.v2("create")).isEmpty();
        assertThat(receiver.v1("added.deal").get(0).basicCredentials()).isEqualTo("pipedrive:hook-secret");
    }

    @Test
    void events_while_delivery_is_off_are_lost_not_queued() {
        subscribeV2();
        sim.webhookDelivery(false);
        sim.createDeal("Lost", null);
        eventually().until(() -> sim.deliveries().size() == 1);

        sim.webhookDelivery(true);
        sim.createDeal("Delivered", null);

        eventually().until(() -> receiver.received().size() == 1);
        assertThat(receiver.received().get(0).body().getJsonObject("data").getString("title")).isEqualTo("Delivered");
        assertThat(sim.deliveries().get(0).outcome()).isEqualTo(DeliveryAttempt.Outcome.DROPPED_DELIVERY_OFF);
    }

    @Test
    void redelivery_sends_a_duplicate_with_the_same_event_id() {
        subscribeV2();
        sim.createDeal("Acme", null);
        eventually().until(() -> receiver.received().size() == 1);
        String eventId = sim.events().get(0).id();

        assertThat(sim.redeliver(eventId)).isTrue();

        eventually().until(() -> receiver.received().size() == 2);
        List<String> ids = receiver.received().stream().map(r -> r.meta().getString("id")).toList();
        assertThat(ids).containsExactly(eventId, eventId);
        eventually().untilAsserted(() -> assertThat(sim.deliveriesOf(eventId)).hasSize(2));
        assertThat(sim.redeliver("no-such-event")).isFalse();
    }

    @Test
    void seeded_deals_send_no_webhooks_and_webhooks_go_to_every_matching_subscription() {
        subscribeV2();
        try (WebhookReceiver second = new WebhookReceiver()) {
            sim.subscribe(second.url(), "create", "2.0", null, null);
            sim.seedDeals(20);
            sim.createDeal("Real", null);

            eventually().until(() -> receiver.received().size() == 1 && second.received().size() == 1);
            assertThat(receiver.received().get(0).meta().getString("id"))
                    .isEqualTo(second.received().get(0).meta().getString("id"));
            assertThat(second.received().get(0).meta().getString("webhook_id")).isEqualTo("2");
            assertThat(sim.events()).hasSize(1);
        }
    }

    @Test
    void a_deleted_subscription_gets_nothing_more() {
        Webhook webhook = subscribeV2();
        sim.unsubscribe(webhook.id());

        sim.createDeal("Acme", null);

        assertThat(sim.events()).hasSize(1);
        assertThat(sim.deliveries()).isEmpty();
        assertThat(receiver.received()).isEmpty();
    }
}
