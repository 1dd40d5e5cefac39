package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveRateLimitTest extends SimulatorTestSupport {

    @Test
    void every_api_response_carries_the_burst_headers_counting_down() {
        sim.burstLimit(4);
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply first = api.get("/api/v2/deals/" + id);
        ApiClient.Reply second = api.get("/api/v2/deals/999");

        assertThat(first.header("x-ratelimit-limit")).isEqualTo("4");
        assertThat(first.header("x-ratelimit-remaining")).isEqualTo("3");
        assertThat(Integer.parseInt(first.header("x-ratelimit-reset"))).isBetween(1, 2);
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.header("x-ratelimit-remaining")).isEqualTo("2");
        assertThat(first.header("x-daily-ratelimit-token-remaining")).as("no budget set").isNull();
    }

    @Test
    void going_over_the_burst_window_gets_429_with_pipedrive_body_and_zero_remaining() {
        sim.burstLimit(4);
        for (int i = 0; i < 4; i++) {
            assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(200);
        }

        ApiClient.Reply limited = api.get("/api/v1/webhooks");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json()).isEqualTo(new JsonObject().put("success", false).put("error", "Rate limit exceeded")
                .put("errorCode", 429).put("error_info", "Please check developers.pipedrive.com"));
        assertThat(limited.header("x-ratelimit-limit")).isEqualTo("4");
        assertThat(limited.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(limited.header("x-ratelimit-reset")).isNotNull();
        assertThat(limited.header("retry-after")).as("not documented by Pipedrive, off by default").isNull();
    }

    @Test
    void retry_after_is_sent_when_switched_on() {
        sim.burstLimit(1).retryAfterHeader(true);
        api.get("/api/v1/webhooks");

        ApiClient.Reply limited = api.get("/api/v1/webhooks");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("retry-after"))).isBetween(1, 2);
    }

    @Test
    void the_window_resets_after_two_seconds() {
        sim.burstLimit(2);
        api.get("/api/v1/webhooks");
        api.get("/api/v1/webhooks");
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);

        sim.advanceClock(Duration.ofSeconds(2));

        ApiClient.Reply afterReset = api.get("/api/v1/webhooks");
        assertThat(afterReset.status()).isEqualTo(200);
        assertThat(afterReset.header("x-ratelimit-remaining")).isEqualTo("1");
    }

    @Test
    void the_window_also_resets_in_real_time_when_made_short() {
        sim.burstLimit(1, Duration.ofMillis(200));
        api.get("/api/v1/webhooks");
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);

        eventually().until(() -> api.get("/api/v1/webhooks").status() == 200);
    }

    @Test
    void the_daily_budget_is_spent_by_cost_and_when_spent_every_request_gets_429() {
        sim.dailyBudget(20);
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply get = api.get("/api/v2/deals/" + id);                                     // 1
        ApiClient.Reply patch = api.patch("/api/v2/deals/" + id, new JsonObject().put("title", "x")); // 5
        ApiClient.Reply list = api.get("/api/v2/deals");                                           // 10

        assertThat(get.header("x-daily-ratelimit-token-remaining")).isEqualTo("19");
        assertThat(get.header("x-daily-ratelimit-token-limit")).isEqualTo("20");
        assertThat(patch.header("x-daily-ratelimit-token-remaining")).isEqualTo("14");
        assertThat(list.header("x-daily-ratelimit-token-remaining")).isEqualTo("4");

        ApiClient.Reply tooExpensive = api.get("/api/v2/deals");
        assertThat(tooExpensive.status()).isEqualTo(429);
        assertThat(tooExpensive.json().getString("error")).isEqualTo("Rate limit exceeded");
        assertThat(tooExpensive.header("x-daily-ratelimit-token-remaining")).isEqualTo("0");
        assertThat(api.get("/api/v2/deals/" + id).status()).as("all requests, even cheap ones").isEqualTo(429);
        assertThat(sim.dailyBudgetRemaining()).isZero();
    }

    @Test
    void the_budget_can_be_reset_by_control_and_refills_at_midnight_utc() {
        sim.dailyBudget(10);
        api.get("/api/v2/deals");
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);

        sim.resetDailyBudget();
        assertThat(api.get("/api/v1/webhooks").header("x-daily-ratelimit-token-remaining")).isEqualTo("5");

        sim.dailyBudgetRemaining(0);
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);
        sim.advanceClock(Duration.ofDays(1));
        assertThat(api.get("/api/v1/webhooks").header("x-daily-ratelimit-token-remaining")).isEqualTo("5");
    }

    @Test
    void token_costs_follow_the_documented_table_and_can_be_overridden() {
        assertThat(sim.tokenCost(ApiCall.GET_DEAL)).isEqualTo(1);
        assertThat(sim.tokenCost(ApiCall.LIST_DEALS)).isEqualTo(10);
        assertThat(sim.tokenCost(ApiCall.UPDATE_DEAL)).isEqualTo(5);
        assertThat(sim.tokenCost(ApiCall.ADD_FILE)).isEqualTo(10);
        assertThat(sim.tokenCost(ApiCall.ADD_NOTE)).isEqualTo(5);
        assertThat(sim.tokenCost(ApiCall.ADD_WEBHOOK)).isEqualTo(5);

        sim.dailyBudget(100).tokenCost(ApiCall.LIST_WEBHOOKS, 40);
        assertThat(api.get("/api/v1/webhooks").header("x-daily-ratelimit-token-remaining")).isEqualTo("60");
    }

    @Test
    void unauthorized_requests_spend_neither_window_nor_budget() {
        sim.burstLimit(2).dailyBudget(10);

        api.withToken("wrong").get("/api/v2/deals/1");
        api.withToken("wrong").get("/api/v2/deals/1");

        ApiClient.Reply ok = api.get("/api/v1/webhooks");
        assertThat(ok.header("x-ratelimit-remaining")).isEqualTo("1");
        assertThat(ok.header("x-daily-ratelimit-token-remaining")).isEqualTo("5");
    }

    @Test
    void a_client_that_keeps_calling_after_429s_is_blocked_by_cloudflare_with_html() {
        sim.burstLimit(1).cloudflareEscalation(3, Duration.ofMinutes(5));
        api.get("/api/v1/webhooks");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);
        }

        ApiClient.Reply blocked = api.get("/api/v1/webhooks");

        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.header("content-type")).startsWith("text/html");
        assertThat(blocked.text()).contains("Cloudflare").doesNotStartWith("{");
        assertThat(sim.cloudflareBlocking()).isTrue();

        sim.advanceClock(Duration.ofSeconds(10)); // the burst window is long over, the block is not
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(403);

        sim.advanceClock(Duration.ofMinutes(5));
        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(200);
    }

    @Test
    void backing_off_after_a_429_never_escalates() {
        sim.burstLimit(1).cloudflareEscalation(2, Duration.ofMinutes(5));
        for (int round = 0; round < 5; round++) {
            assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(429);
            sim.advanceClock(Duration.ofSeconds(2));
        }
        assertThat(sim.cloudflareBlocking()).isFalse();
    }
}
