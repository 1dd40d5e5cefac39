package io.dealsign.durability;

import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service opens an embedded H2 file with {@code WRITE_DELAY=0} (see {@link H2AcknowledgedCommitTest}
 * for why) and {@code DB_CLOSE_ON_EXIT=FALSE} (so that a graceful stop can still record the events in
 * flight; see {@link CrashRecoveryIT}), whether or not {@code sync.datasource.url} says so, and says when
 * an operator's URL asks for a write delay.
 */
class ServiceH2UrlTest {

    @TempDir
    Path folder;

    @Test
    void should_open_the_default_h2_file_url_with_write_delay_0() throws Exception {
        try (RunningService service = RunningService.builder()
                .property("sync.datasource.url", "jdbc:h2:file:" + folder.resolve("data/dealsign-sync").toAbsolutePath())
                .start()) {
            assertThat(writeDelay(service)).isEqualTo("0");
        }
    }

    @Test
    void should_keep_an_explicit_write_delay_and_warn_that_acknowledged_events_can_be_lost() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
             RunningService service = RunningService.builder()
                     .property("sync.datasource.url", "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath() + ";WRITE_DELAY=250")
                     .start()) {
            assertThat(writeDelay(service)).isEqualTo("250");
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
                    .contains("WRITE_DELAY=250").contains("loses events it has already acknowledged"));
        }
    }

    @Test
    void should_open_h2_files_of_this_process_through_async_with_write_delay_0_and_no_close_on_exit() {
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:file:./data/dealsign-sync"))
                .isEqualTo("jdbc:h2:async:./data/dealsign-sync;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:./data/x;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:async:./data/x;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:FILE:/srv/x")).startsWith("jdbc:h2:async:/srv/x;");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:C:/data/x")).as("a drive letter is not a file system")
                .startsWith("jdbc:h2:async:C:/data/x;");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:async:./x")).startsWith("jdbc:h2:async:./x;");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:nioMapped:./x")).as("the operator's choice")
                .startsWith("jdbc:h2:nioMapped:./x;");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:file:./x;write_delay=0;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:async:./x;write_delay=0;db_close_on_exit=true");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:tcp://db:9092/sync")).isEqualTo("jdbc:h2:tcp://db:9092/sync");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:postgresql://db/sync")).isEqualTo("jdbc:postgresql://db/sync");
    }

    /**
     * Quartz interrupts its threads when it shuts down, and one may be inside a commit. Through {@code file:}
     * such an interrupt closes the database for every connection, at once in a loop like this one (the first
     * or second round when this test was written); through the URL the service opens, never.
     */
    @Test
    void should_keep_the_database_open_for_everyone_when_a_thread_is_interrupted_inside_a_commit() throws Exception {
        String url = DatabaseConfiguration.durableUrl("jdbc:h2:file:" + folder.resolve("interrupted").toAbsolutePath());
        try (Connection watcher = DriverManager.getConnection(url, "sa", "");
             Statement statement = watcher.createStatement()) {
            statement.execute("CREATE TABLE written (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(2000))");
            String payload = "x".repeat(1000);
            for (int round = 0; round < 40; round++) {
                CountDownLatch writing = new CountDownLatch(1);
                Thread writer = new Thread(() -> {
                    try (Connection connection = DriverManager.getConnection(url, "sa", "");
                         PreparedStatement insert = connection.prepareStatement("INSERT INTO written (payload) VALUES (?)")) {
                        while (!Thread.currentThread().isInterrupted()) {
                            insert.setString(1, payload);
                            insert.executeUpdate();
                            writing.countDown();
                        }
                    } catch (SQLException e) {
                        // What the interrupt does to this connection is not the question; the others' is.
                    }
                });
                writer.start();
                assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
                writer.interrupt();
                writer.join(10_000);
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM written")) {
                    assertThat(count.next()).as("round %d", round).isTrue();
                }
            }
        }
    }

    private static String writeDelay(RunningService service) throws Exception {
        DataSource dataSource = service.camelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
