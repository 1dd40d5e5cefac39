package io.dealsign.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Brings the schema to the newest version. Our own tables use the same SQL on H2 and PostgreSQL
 * ({@code db/migration/common}); Quartz's job store tables differ by vendor (binary and boolean
 * types), so each database also reads its own folder ({@code db/migration/h2}, {@code .../postgresql}).
 * Version numbers are shared: a version lives in common or in every vendor folder, never both.
 */
public final class DatabaseMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrations.class);

    private DatabaseMigrations() {
    }

    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor(dataSource))
                .load()
                .migrate();
        LOG.info("Database schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    /** The vendor folder of this database: {@code postgresql}, else {@code h2} (the only two we support). */
    static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("postgresql") ? "postgresql" : "h2";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database to migrate it: " + e.getMessage(), e);
        }
    }
}
