package io.dealsign.durability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dealsign.database.DatabaseMigrations;
import io.dealsign.database.GroupCommit;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.inbox.InboxPolicy;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * A child JVM that does what a webhook endpoint does, as fast as it can: stores an event in the inbox
 * through the product's {@link Inbox} on a Hikari pool (auto-commit, as in the service), and only then
 * acknowledges it by printing {@code ACK <key>}. The parent kills it with SIGKILL and checks that
 * every acknowledged key is in the database.
 *
 * <p>Arguments: the JDBC URL, and the first event number (so several runs on one file never reuse a key).
 */
public final class InboxWriterProcess {

    static final String ACK = "ACK ";

    private InboxWriterProcess() {
    }

    public static void main(String[] args) {
        String url = args[0];
        long first = Long.parseLong(args[1]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            DatabaseMigrations.migrate(dataSource);
            GroupCommit writes = new GroupCommit(dataSource, "test-writer");
            Inbox inbox = new Inbox(dataSource, writes, new InboxPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10),
                    Duration.ofMinutes(2)), Clock.systemUTC());
            out.println("READY");
            for (long n = first; n < first + 10_000_000; n++) {
                String key = "evt-" + n;
                inbox.store(new InboxEntry("pipedrive", key, "deal.added", "deal:" + n, "{\"n\":" + n + "}"));
                out.println(ACK + key);
            }
        }
    }
}
