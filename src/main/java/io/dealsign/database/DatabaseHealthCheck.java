package io.dealsign.database;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * Readiness of the database: a connection from the pool can read our schema. Reports
 * only the error's message, never a stack trace or the connection URL's credentials.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("sync", "database");
        this.dataSource = dataSource;
    }

    /**
     * Readiness only: without its database the service cannot store a webhook, so it must not be sent
     * any (503 on /observe/health/ready); but the process itself is fine, and a restart (what a failing
     * liveness probe causes) would not bring the database back.
     */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            statement.executeQuery("SELECT COUNT(*) FROM binding WHERE 1 = 0").close();
            builder.up();
        } catch (Exception e) {
            builder.message("database unusable: " + e.getMessage());
            builder.down();
        }
    }
}
