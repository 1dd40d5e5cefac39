package io.dealsign.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The one place that owns the database: a pooled datasource for {@code sync.datasource.url} (H2 file
 * database by default, PostgreSQL when the URL says so), migrated by Flyway before anything uses it,
 * and Camel's JDBC idempotent repository on the same datasource.
 */
public class DatabaseConfiguration implements CamelConfiguration {

    public static final String DATA_SOURCE = "dataSource";
    public static final String PROCESSED_EVENTS = "processedEvents";

    @PropertyInject("sync.datasource.url")
    private String url;
    @PropertyInject(value = "sync.datasource.username", defaultValue = "")
    private String username;
    @PropertyInject(value = "sync.datasource.password", defaultValue = "")
    private String password;
    @PropertyInject(value = "sync.datasource.max-pool-size", defaultValue = "10")
    private int maxPoolSize;

    @Override
    public void configure(CamelContext camelContext) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sync-db");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            DatabaseMigrations.migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        // Closed with the context, after the routes that use it have stopped.
        camelContext.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                dataSource.close();
            }
        });
        camelContext.getRegistry().bind(DATA_SOURCE, dataSource);
        camelContext.getRegistry().bind(PROCESSED_EVENTS, ProcessedEvents.repository(dataSource, "events"));
        HealthCheckRegistry.get(camelContext).register(new DatabaseHealthCheck(dataSource));
    }
}
