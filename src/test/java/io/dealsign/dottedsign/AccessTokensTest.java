package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The token cache: when it asks for a token, and that it asks once at a time. */
class AccessTokensTest {

    private static final DottedSignSettings SETTINGS =
            new DottedSignSettings("http://dottedsign", "id", "secret", "1", DottedSignSettings.SignatureMode.HEX);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-04T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<HttpCall> calls = new ArrayList<>();

    private AccessTokens tokensAnswering(String answer) {
        return new AccessTokens(SETTINGS, "sign_tasks.general.read", call -> {
            synchronized (calls) {
                calls.add(call);
            }
            fetches.incrementAndGet();
            return Json.read(answer, JsonNode.class);
        }, clock);
    }

    @Test
    void should_ask_for_client_credentials_with_the_configured_scope() {
        tokensAnswering("{\"access_token\":\"a\",\"expires_in\":7200}").current();

        HttpCall call = calls.get(0);
        assertThat(call.target()).isEqualTo(HttpCall.Target.TOKEN);
        assertThat(Json.write(call.json())).contains("\"grant_type\":\"client_credentials\"")
                .contains("\"client_id\":\"id\"").contains("\"scope\":\"sign_tasks.general.read\"");
        assertThat(call.toString()).doesNotContain("secret");
    }

    @Test
    void should_use_a_token_until_sixty_seconds_before_it_expires() {
        AccessTokens tokens = tokensAnswering("{\"access_token\":\"a\",\"expires_in\":7200}");
        tokens.current();

        now.set(now.get().plus(Duration.ofSeconds(7139)));
        tokens.current();
        assertThat(fetches).hasValue(1);

        now.set(now.get().plusSeconds(1));
        tokens.current();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void should_use_a_short_lived_token_for_its_first_half_and_an_undated_one_for_fifteen_minutes() {
        AccessTokens shortLived = tokensAnswering("{\"access_token\":\"a\",\"expires_in\":\"60\"}");
        shortLived.current();
        now.set(now.get().plusSeconds(29));
        shortLived.current();
        assertThat(fetches).hasValue(1);
        now.set(now.get().plusSeconds(1));
        shortLived.current();
        assertThat(fetches).hasValue(2);

        AccessTokens undated = tokensAnswering("{\"data\":{\"access_token\":\"b\"}}");
        undated.current();
        now.set(now.get().plus(Duration.ofMinutes(15)).minusSeconds(61));
        undated.current();
        assertThat(fetches).hasValue(3);
    }

    @Test
    void should_fail_as_unavailable_when_the_answer_has_no_access_token() {
        AccessTokens tokens = tokensAnswering("{\"token_type\":\"Bearer\"}");

        org.assertj.core.api.Assertions.assertThatThrownBy(tokens::current)
                .isInstanceOfSatisfying(DottedSignUnavailable.class, e -> assertThat(e.mayHaveBeenProcessed()).isFalse());
    }

    @Test
    void should_fetch_once_while_many_threads_wait_for_a_token() throws Exception {
        CountDownLatch fetchStarted = new CountDownLatch(1);
        CountDownLatch releaseFetch = new CountDownLatch(1);
        AccessTokens tokens = new AccessTokens(SETTINGS, "", call -> {
            fetches.incrementAndGet();
            fetchStarted.countDown();
            try {
                releaseFetch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Json.read("{\"access_token\":\"a\",\"expires_in\":7200}", JsonNode.class);
        }, clock);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<AccessTokens.AccessToken>> waiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiting.add(CompletableFuture.supplyAsync(tokens::current, threads));
            }
            assertThat(fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            releaseFetch.countDown();

            AccessTokens.AccessToken first = waiting.get(0).get(10, TimeUnit.SECONDS);
            for (CompletableFuture<AccessTokens.AccessToken> token : waiting) {
                assertThat(token.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void should_never_show_the_token_in_its_text() {
        AccessTokens.AccessToken token = tokensAnswering("{\"access_token\":\"very-secret-token\",\"expires_in\":7200}").current();

        assertThat(token.toString()).doesNotContain("very-secret-token");
        assertThat(token.bearer()).isEqualTo("Bearer very-secret-token");
    }
}
