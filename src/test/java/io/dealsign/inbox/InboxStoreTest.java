package io.dealsign.inbox;

import com.zaxxer.hikari.HikariDataSource;
import io.dealsign.database.DatabaseMigrations;
import io.dealsign.database.GroupCommit;
import io.dealsign.database.ProcessedEvents;
import io.dealsign.testing.TestDatabases;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook intake stores an event and its key in Camel's idempotent repository in one transaction:
 * neither is ever stored without the other, and the idempotent consumer does not write the key again.
 */
class InboxStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_store_an_event_and_its_processed_key_together_or_neither(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.pooled(database, 2);
             GroupCommit writes = new GroupCommit(dataSource, "test-writer");
             DefaultCamelContext camel = new DefaultCamelContext()) {
            DatabaseMigrations.migrate(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Inbox inbox = new Inbox(dataSource, writes, new InboxPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofMinutes(1)), Clock.systemUTC());
            ProcessedEvents keys = ProcessedEvents.repository(dataSource, writes, "events");
            keys.start();

            assertThat(inbox.store(entry("e1"), keys.insertion("pipedrive:e1"))).isPresent();
            assertThat(keys.contains("pipedrive:e1")).isTrue();

            keys.add("pipedrive:taken");
            assertThat(inbox.store(entry("e2"), keys.insertion("pipedrive:taken")))
                    .as("the key is taken: the event is not stored either").isEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_key = 'e2'", Long.class)).isZero();

            Exchange exchange = new DefaultExchange(camel);
            ProcessedEvents.addedWith(exchange, "pipedrive:e1");
            long before = keyRows(jdbc);
            assertThat(keys.add(exchange, "pipedrive:e1")).isTrue();
            assertThat(keyRows(jdbc)).as("not written again").isEqualTo(before);
            assertThat(keys.add(exchange, "pipedrive:e3")).as("another key is added as Camel would").isTrue();
            assertThat(keys.contains("pipedrive:e3")).isTrue();
        }
    }

    private static InboxEntry entry(String eventKey) {
        return new InboxEntry("pipedrive", eventKey, "deal.added", "deal:1", "{}");
    }

    private static long keyRows(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class);
    }
}
