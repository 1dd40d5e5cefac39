package io.dealsign.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin page's sign-ins. A browser cannot send a Bearer header, so signing in with the token
 * gives it a cookie holding a random session id instead: the token itself never leaves the sign-in
 * form. Each session has its own form token, which every state-changing form must send back (CSRF
 * protection on top of the cookie's {@code SameSite=Strict}), and carries one notice to show after a
 * redirect (the result of the last action).
 *
 * <p>Sessions live in this instance's memory: a restart signs everyone out, and behind a load
 * balancer an operator stays on one instance or signs in again. They end after {@link #IDLE} without
 * a request, {@link #LONGEST} after sign-in, or at sign-out; at most {@link #MAX_SESSIONS} exist, the
 * oldest giving way.
 */
final class AdminSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(12);
    static final int MAX_SESSIONS = 100;

    /** A notice for the next page: what the last action did, and whether that is good news. */
    record Notice(String text, boolean ok) {
    }

    static final class Session {
        private final String id;
        private final String formToken;
        private final Instant signedInAt;
        private volatile Instant lastSeenAt;
        private volatile Notice notice;

        private Session(String id, String formToken, Instant now) {
            this.id = id;
            this.formToken = formToken;
            this.signedInAt = now;
            this.lastSeenAt = now;
        }

        String id() {
            return id;
        }

        String formToken() {
            return formToken;
        }

        /** True when the form sent back this session's form token. */
        boolean isOwnForm(String sentFormToken) {
            return sentFormToken != null && MessageDigest.isEqual(sentFormToken.getBytes(StandardCharsets.UTF_8),
                    formToken.getBytes(StandardCharsets.UTF_8));
        }

        void notice(Notice next) {
            notice = next;
        }

        /** The notice, once. */
        Notice takeNotice() {
            Notice taken = notice;
            notice = null;
            return taken;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    AdminSessions(Clock clock) {
        this.clock = clock;
    }

    Session signIn() {
        Instant now = clock.instant();
        dropEnded(now);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(s -> s.signedInAt))
                    .ifPresent(oldest -> sessions.remove(oldest.id));
        }
        Session session = new Session(randomToken(), randomToken(), now);
        sessions.put(session.id, session);
        return session;
    }

    /** The live session of this cookie value, its idle time restarted; empty when unknown or ended. */
    Optional<Session> find(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.get(sessionId);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (hasEnded(session, now)) {
            sessions.remove(sessionId);
            return Optional.empty();
        }
        session.lastSeenAt = now;
        return Optional.of(session);
    }

    void signOut(Session session) {
        sessions.remove(session.id);
    }

    private boolean hasEnded(Session session, Instant now) {
        return !now.isBefore(session.lastSeenAt.plus(IDLE)) || !now.isBefore(session.signedInAt.plus(LONGEST));
    }

    private void dropEnded(Instant now) {
        sessions.values().removeIf(session -> hasEnded(session, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
