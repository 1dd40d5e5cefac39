package io.dealsign.database;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * The service's pool, handed out at once but opened and migrated on a thread of its own: Flyway then runs
 * on the second core while Camel loads the routes on the first, instead of before them. Every connection
 * waits until the migration has finished, so nothing reads a table before its schema is there, and a failed
 * migration fails every connection with the migration's error. {@link #awaitMigrated()}, which the
 * context calls before it starts, stops the start with that error.
 */
final class MigratedDataSource implements DataSource {

    private final HikariDataSource pool;
    private final CompletableFuture<Void> migrated;

    private MigratedDataSource(HikariDataSource pool, CompletableFuture<Void> migrated) {
        this.pool = pool;
        this.migrated = migrated;
    }

    /** Starts opening and migrating {@code pool} now; the returned data source is usable at once. */
    static MigratedDataSource migrateInBackground(HikariDataSource pool) {
        CompletableFuture<Void> migrated = CompletableFuture.runAsync(() -> DatabaseMigrations.migrate(pool), task -> {
            Thread thread = new Thread(task, "sync-db-migration");
            thread.setDaemon(true);
            thread.start();
        });
        return new MigratedDataSource(pool, migrated);
    }

    /** Returns once the schema is at the newest version; throws the migration's error when it failed. */
    void awaitMigrated() {
        try {
            migrated.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        awaitMigratedForConnection();
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        awaitMigratedForConnection();
        return pool.getConnection(username, password);
    }

    private void awaitMigratedForConnection() throws SQLException {
        try {
            awaitMigrated();
        } catch (RuntimeException e) {
            throw new SQLException("the database could not be migrated: " + e.getMessage(), e);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
