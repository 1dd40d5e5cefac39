package io.dealsign.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quartz interrupts its threads when it shuts down. A thread interrupted inside an H2 commit closes an
 * embedded file database for every connection: a loop like the one below did so in its first or second
 * round when its connection was the pool's own. Through {@link UninterruptedJdbc} the database stays open,
 * and the interrupted thread still learns of its interrupt.
 */
class UninterruptedJdbcTest {

    @TempDir
    Path folder;

    @Test
    void should_keep_an_h2_file_open_when_a_thread_is_interrupted_inside_its_commits_and_tell_that_thread()
            throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("quartz").toAbsolutePath() + ";WRITE_DELAY=0";
        try (Connection watcher = DriverManager.getConnection(url, "sa", "");
             Statement statement = watcher.createStatement()) {
            statement.execute("CREATE TABLE written (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(2000))");
            String payload = "x".repeat(1000);
            for (int round = 0; round < 40; round++) {
                CountDownLatch writing = new CountDownLatch(1);
                AtomicBoolean sawItsInterrupt = new AtomicBoolean();
                Thread quartzLike = new Thread(() -> {
                    try (Connection connection = UninterruptedJdbc.connection(() -> DriverManager.getConnection(url, "sa", ""));
                         PreparedStatement insert = connection.prepareStatement("INSERT INTO written (payload) VALUES (?)")) {
                        while (!Thread.currentThread().isInterrupted()) {
                            insert.setString(1, payload);
                            insert.executeUpdate();
                            writing.countDown();
                        }
                        sawItsInterrupt.set(true);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                quartzLike.start();
                assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
                quartzLike.interrupt();
                quartzLike.join(10_000);

                assertThat(sawItsInterrupt).as("round %d: the thread learned of its interrupt", round).isTrue();
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM written")) {
                    assertThat(count.next()).as("round %d: the database is open", round).isTrue();
                }
            }
        }
    }

    @Test
    void should_hand_the_caller_the_database_s_own_error() throws Exception {
        String url = "jdbc:h2:mem:uninterrupted-errors";
        try (Connection connection = UninterruptedJdbc.connection(() -> DriverManager.getConnection(url, "sa", ""));
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as("table not found").startsWith("42S"));
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
                assertThat(one.getInt(1)).isEqualTo(1);
            }
        }
    }
}
