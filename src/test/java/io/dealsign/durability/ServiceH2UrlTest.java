package io.dealsign.durability;

import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

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
    void should_add_write_delay_0_and_no_close_on_exit_only_to_h2_databases_in_a_file_of_this_process() {
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:file:./data/dealsign-sync"))
                .isEqualTo("jdbc:h2:file:./data/dealsign-sync;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:./data/x;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:./data/x;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:file:./x;write_delay=0;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:file:./x;write_delay=0;db_close_on_exit=true");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:h2:tcp://db:9092/sync")).isEqualTo("jdbc:h2:tcp://db:9092/sync");
        assertThat(DatabaseConfiguration.durableUrl("jdbc:postgresql://db/sync")).isEqualTo("jdbc:postgresql://db/sync");
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
