package io.dealsign.admin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AdminSessionsTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T09:00:00Z");

        void pass(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final AdminSessions sessions = new AdminSessions(clock);

    @Test
    void should_give_each_sign_in_its_own_random_id_and_form_token() {
        AdminSessions.Session first = sessions.signIn();
        AdminSessions.Session second = sessions.signIn();

        assertThat(first.id()).isNotEqualTo(second.id()).isNotEqualTo(first.formToken()).hasSize(43);
        assertThat(first.isOwnForm(first.formToken())).isTrue();
        assertThat(first.isOwnForm(second.formToken())).isFalse();
        assertThat(first.isOwnForm(null)).isFalse();
        assertThat(sessions.find(first.id())).containsSame(first);
        assertThat(sessions.find("guessed")).isEmpty();
    }

    @Test
    void should_end_a_session_after_idle_time_or_the_longest_time_whatever_its_use() {
        AdminSessions.Session idle = sessions.signIn();
        AdminSessions.Session busy = sessions.signIn();

        // 28 x 25 minutes = 11 h 40 min: within the longest session of 12 h
        for (int i = 1; i <= 28; i++) {
            clock.pass(Duration.ofMinutes(25));
            assertThat(sessions.find(busy.id())).as("used every 25 minutes, %d times", i).isPresent();
        }
        assertThat(sessions.find(idle.id())).as("idle for 30 minutes and more").isEmpty();
        clock.pass(Duration.ofMinutes(25));
        assertThat(sessions.find(busy.id())).as("12 h 05 min after sign-in").isEmpty();
    }

    @Test
    void should_forget_a_session_at_sign_out_and_show_a_notice_once() {
        AdminSessions.Session session = sessions.signIn();
        session.notice(new AdminSessions.Notice("replayed", true));

        assertThat(session.takeNotice()).isEqualTo(new AdminSessions.Notice("replayed", true));
        assertThat(session.takeNotice()).isNull();
        sessions.signOut(session);
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void should_let_the_oldest_session_give_way_beyond_the_most_sessions() {
        AdminSessions.Session oldest = sessions.signIn();
        for (int i = 1; i < AdminSessions.MAX_SESSIONS; i++) {
            clock.pass(Duration.ofSeconds(1));
            sessions.signIn();
        }
        assertThat(sessions.find(oldest.id())).isPresent();

        clock.pass(Duration.ofSeconds(1));
        AdminSessions.Session newest = sessions.signIn();

        assertThat(sessions.find(oldest.id())).isEmpty();
        assertThat(sessions.find(newest.id())).isPresent();
    }
}
