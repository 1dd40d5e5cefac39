package io.dealsign.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database test, trust auth). Each caller gets a schema
 * of its own, so tests never see each other's rows. Missing PostgreSQL fails under CI=true and
 * skips, with the reason, elsewhere.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getProperty("test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getProperty("test.postgres.user", "postgres");

    private TestDatabases() {
    }

    /** A JDBC URL whose default schema is a new, empty one. */
    public static String freshPostgresSchemaUrl() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at " + POSTGRES_URL + " as " + POSTGRES_USER + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (CI=true: PostgreSQL is required)", e);
            }
            Assumptions.abort(reason + " (skipped outside CI)");
        }
        return POSTGRES_URL + "?currentSchema=" + schema;
    }

    /** A pool on a fresh, empty database: "h2" (in memory) or "postgresql" (a schema of its own). */
    public static com.zaxxer.hikari.HikariDataSource pooled(String database, int maxPoolSize) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        if (database.equals("postgresql")) {
            config.setJdbcUrl(freshPostgresSchemaUrl());
            config.setUsername(POSTGRES_USER);
        } else {
            config.setJdbcUrl(freshH2Url());
        }
        config.setMaximumPoolSize(maxPoolSize);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    public static String freshH2Url() {
        return "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
