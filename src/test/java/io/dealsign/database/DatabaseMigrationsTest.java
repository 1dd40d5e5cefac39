package io.dealsign.database;

import com.zaxxer.hikari.HikariDataSource;
import io.dealsign.testing.TestDatabases;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseMigrationsTest {

    private static HikariDataSource dataSource(String database) {
        return TestDatabases.pooled(database, 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_create_the_schema_once_and_leave_it_alone_on_the_next_start(String database) throws Exception {
        try (HikariDataSource dataSource = dataSource(database)) {
            MigrateResult first = DatabaseMigrations.migrate(dataSource);
            MigrateResult second = DatabaseMigrations.migrate(dataSource);

            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(1);
            assertThat(second.migrationsExecuted).isZero();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO binding (deal_id, task_id, task_status, deal_status, state, created_at, updated_at)"
                        + " VALUES (1, 100, 'waiting', 'open', 'BOUND', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO binding (deal_id, task_id, state, created_at, updated_at)"
                        + " VALUES (2, 100, 'BOUND', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
                        .as("one task is bound to one deal only")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_accept_an_event_id_once_per_source_in_the_idempotent_repository(String database) throws Exception {
        try (HikariDataSource dataSource = dataSource(database);
             GroupCommit writes = new GroupCommit(dataSource, "test-writer")) {
            DatabaseMigrations.migrate(dataSource);
            ProcessedEvents pipedrive = start(ProcessedEvents.repository(dataSource, writes, "pipedrive"));
            ProcessedEvents dottedsign = start(ProcessedEvents.repository(dataSource, writes, "dottedsign"));

            assertThat(pipedrive.add("event-1")).isTrue();
            assertThat(pipedrive.add("event-1")).as("a duplicate").isFalse();
            assertThat(pipedrive.contains("event-1")).isTrue();
            assertThat(dottedsign.add("event-1")).as("another source has its own key space").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_let_exactly_one_of_many_concurrent_deliveries_of_an_event_through(String database) throws Exception {
        try (HikariDataSource dataSource = dataSource(database);
             GroupCommit writes = new GroupCommit(dataSource, "test-writer")) {
            DatabaseMigrations.migrate(dataSource);
            ProcessedEvents repository = start(ProcessedEvents.repository(dataSource, writes, "pipedrive"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> deliveries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    deliveries.add(() -> repository.add("same-event"));
                }
                long accepted = 0;
                for (Future<Boolean> result : pool.invokeAll(deliveries)) {
                    accepted += result.get() ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static ProcessedEvents start(ProcessedEvents repository) {
        repository.start();
        return repository;
    }
}
