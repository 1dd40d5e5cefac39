package io.dealsign.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.dealsign.database.DatabaseMigrations;
import io.dealsign.database.GroupCommit;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.inbox.InboxEvent;
import io.dealsign.inbox.InboxPolicy;
import io.dealsign.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox queries the admin API adds, on both databases the service runs on. */
class InboxForOperatorsTest {

    private static HikariDataSource dataSource(String database) {
        HikariDataSource dataSource = TestDatabases.pooled(database, 2);
        DatabaseMigrations.migrate(dataSource);
        return dataSource;
    }

    private static long store(Inbox inbox, String key, String subject) {
        return inbox.store(new InboxEntry("pipedrive", key, "deal.added", subject, "{}")).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_list_count_requeue_and_make_due_the_rows_an_operator_asks_for(String database) {
        try (HikariDataSource dataSource = dataSource(database);
             GroupCommit writes = new GroupCommit(dataSource, "test-writer")) {
            Inbox inbox = new Inbox(dataSource, writes, new InboxPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofMinutes(1)), Clock.systemUTC());
            long parked = store(inbox, "e1", "deal:1");
            long waiting = store(inbox, "e2", "deal:2");
            long otherDeal = store(inbox, "e3", "deal:3");
            long done = store(inbox, "e4", "task:9");
            InboxEvent first = inbox.claim(parked).orElseThrow();
            inbox.failed(first, "DottedSignUnavailable: down");
            InboxEvent second = inbox.claim(waiting).orElseThrow();
            inbox.postpone(second, Instant.now().plus(Duration.ofHours(3)), "Pipedrive's daily API budget is spent until midnight");
            inbox.claim(done).orElseThrow();
            inbox.done(done);

            assertThat(inbox.countByStatus()).containsExactly(java.util.Map.entry("PENDING", 2L),
                    java.util.Map.entry("PROCESSING", 0L), java.util.Map.entry("DONE", 1L), java.util.Map.entry("PARKED", 1L));
            assertThat(inbox.rows(null, null, 10)).extracting(Inbox.Row::id).containsExactly(done, otherDeal, waiting, parked);
            assertThat(inbox.rows(null, null, 2)).extracting(Inbox.Row::id).containsExactly(done, otherDeal);
            assertThat(inbox.rows("PARKED", List.of("deal:1", "task:9"), 10)).extracting(Inbox.Row::id).containsExactly(parked);
            assertThat(inbox.rows(null, List.of(), 10)).isEmpty();
            Inbox.Row parkedRow = inbox.row(parked).orElseThrow();
            assertThat(parkedRow.lastError()).isEqualTo("DottedSignUnavailable: down");
            assertThat(parkedRow.finishedAt()).isNotNull();

            assertThat(inbox.dueNowIfWaitingFor(List.of("DottedSign", "Pipedrive's daily API budget"))).isEqualTo(1);
            assertThat(inbox.row(waiting).orElseThrow().nextAttemptAt()).isBeforeOrEqualTo(Instant.now());
            assertThat(inbox.dueNowIfWaitingFor(List.of("Pipedrive_s"))).as("_ is not a wildcard").isZero();

            assertThat(inbox.requeueParked(parked)).isTrue();
            assertThat(inbox.requeueParked(parked)).as("only once").isFalse();
            assertThat(inbox.requeueParked(done)).isFalse();
            Inbox.Row requeued = inbox.row(parked).orElseThrow();
            assertThat(requeued.status()).isEqualTo("PENDING");
            assertThat(requeued.attempts()).isZero();
            assertThat(requeued.lastError()).as("why it was parked stays readable").isEqualTo("DottedSignUnavailable: down");
            assertThat(requeued.finishedAt()).isNull();
            assertThat(inbox.claim(parked)).as("due now").isPresent();
        }
    }
}
