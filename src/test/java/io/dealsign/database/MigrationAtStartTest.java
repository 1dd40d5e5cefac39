package io.dealsign.database;

import io.dealsign.testing.RunningService;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migration runs beside the route loading; its failure must still stop the start, with its own words. */
class MigrationAtStartTest {

    @Test
    void should_not_start_when_the_database_cannot_be_migrated() throws Exception {
        String url = "jdbc:h2:mem:foreign-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection holdsTheDatabase = DriverManager.getConnection(url, "sa", "");
             Statement statement = holdsTheDatabase.createStatement()) {
            // Tables Flyway did not make and no schema history: Flyway refuses to migrate such a schema.
            statement.execute("CREATE TABLE someone_elses (id INT)");

            assertThatThrownBy(() -> RunningService.builder().property("sync.datasource.url", url).start())
                    .hasStackTraceContaining("non-empty schema");
        }
    }
}
