package io.dealsign.simulator.dottedsign;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens handed out by {@code POST /v1/oauth/token}, each valid until its own expiry. */
final class TokenIssuer {

    /** What the token endpoint answers. */
    record IssuedToken(String accessToken, Instant createdAt, Duration lifetime, String scope) { }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenIssuer(Clock clock) {
        this.clock = clock;
    }

    IssuedToken issue(Duration lifetime, String scope) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        // 43 base64url characters, the length Doorkeeper (DottedSign's Rails OAuth server) hands out.
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        expiryByToken.put(token, now.plus(lifetime));
        return new IssuedToken(token, now, lifetime, scope);
    }

    boolean isValid(String token) {
        Instant expiry = expiryByToken.get(token);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            expiryByToken.remove(token);
            return false;
        }
        return true;
    }

    /** Every token issued so far stops working now; new ones can be requested as usual. */
    void expireAll() {
        expiryByToken.clear();
    }
}
