package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The client-credentials access token, shared by every call: fetched when first needed, reused until 60 s
 * before it expires, and fetched again after DottedSign refused it. One fetch at a time: threads that need
 * a token while another thread is fetching one wait for it instead of asking too.
 */
final class AccessTokens {

    /** A token and when to stop using it. Its text never appears in logs, messages or toString. */
    static final class AccessToken {
        private final String value;
        private final Instant refreshAt;

        AccessToken(String value, Instant refreshAt) {
            this.value = value;
            this.refreshAt = refreshAt;
        }

        String bearer() {
            return "Bearer " + value;
        }

        @Override
        public String toString() {
            return "AccessToken[refreshAt=" + refreshAt + "]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** Used when the answer does not say how long the token lives; a refused token is replaced anyway. */
    private static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(15);

    private final DottedSignSettings settings;
    private final String scope;
    private final Function<HttpCall, JsonNode> send;
    private final Clock clock;
    private final AtomicReference<AccessToken> current = new AtomicReference<>();
    private final ReentrantLock fetching = new ReentrantLock();

    /** @param send sends a call and answers its parsed body, or throws what the call failed with */
    AccessTokens(DottedSignSettings settings, String scope, Function<HttpCall, JsonNode> send, Clock clock) {
        this.settings = settings;
        this.scope = scope;
        this.send = send;
        this.clock = clock;
    }

    /** A token to use now: the cached one while it is fresh, otherwise a new one (one fetch at a time). */
    AccessToken current() {
        AccessToken token = current.get();
        if (isFresh(token)) {
            return token;
        }
        fetching.lock();
        try {
            token = current.get();
            if (isFresh(token)) {
                return token;
            }
            AccessToken fetched = fetch();
            current.set(fetched);
            return fetched;
        } finally {
            fetching.unlock();
        }
    }

    /**
     * DottedSign refused this token: forget it, unless another thread has already replaced it (then
     * the newer token is kept and no second fetch happens).
     */
    void rejected(AccessToken token) {
        if (token != null) {
            current.compareAndSet(token, null);
        }
    }

    private boolean isFresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.refreshAt);
    }

    private AccessToken fetch() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credentials");
        body.put("client_id", settings.clientId());
        body.put("client_secret", settings.clientSecret());
        if (!scope.isBlank()) {
            body.put("scope", scope);
        }
        Instant askedAt = clock.instant();
        JsonNode answer = TaskJson.data(send.apply(HttpCall.token(body)));
        String value = Json.text(answer, "access_token").orElseThrow(() -> new DottedSignUnavailable(
                "DottedSign answered the token request without an access_token", null, false));
        Duration lifetime = Json.id(answer, "expires_in").filter(s -> s > 0).map(Duration::ofSeconds)
                .orElse(ASSUMED_LIFETIME);
        // 60 s early, as the API guide advises; a lifetime of two minutes or less is used for its first half.
        Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) > 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
        Instant refreshAt = askedAt.plus(lifetime).minus(margin);
        LOG.info("Fetched a DottedSign access token valid for {} s; it is used until {}", lifetime.toSeconds(), refreshAt);
        return new AccessToken(value, refreshAt);
    }
}
