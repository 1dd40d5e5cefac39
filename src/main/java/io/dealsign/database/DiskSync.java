package io.dealsign.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What {@link GroupCommit} does after a commit and before it answers the batch's callers, so that what
 * they were told is stored survives a power cut, not only a killed process.
 *
 * <p>PostgreSQL needs nothing: its commit returns once the log is on disk ({@code synchronous_commit}).
 * H2 with {@code WRITE_DELAY=0} writes each commit to its file but never calls fsync on its own (an
 * strace of the intake under load shows pwrite calls and no fsync), so a commit sits in the operating
 * system's cache for up to half a minute. {@code CHECKPOINT SYNC} is H2's documented way to force the file
 * to disk; one per batch makes every write of the batch durable, and each commit before it too, whichever
 * connection made it.
 */
public interface DiskSync {

    /** Makes what the connection's database has committed durable; throws if that is not known to have happened. */
    void afterCommit(Connection connection) throws SQLException;

    /** For databases whose commit is already durable. */
    DiskSync NOT_NEEDED = connection -> { };

    /** The sync that the database at {@code url} needs (the URL as given: H2 file, H2 elsewhere, PostgreSQL). */
    static DiskSync forUrl(String url) {
        return DatabaseConfiguration.isEmbeddedH2File(url) ? new H2Checkpoint() : NOT_NEEDED;
    }

    /**
     * {@code CHECKPOINT SYNC}. H2 allows it to admin users only, as it does the {@code WRITE_DELAY=0} that the
     * service adds to the URL: a user that can open the database can sync it.
     */
    final class H2Checkpoint implements DiskSync {
        @Override
        public void afterCommit(Connection connection) throws SQLException {
            try (Statement checkpoint = connection.createStatement()) {
                checkpoint.execute("CHECKPOINT SYNC");
            }
        }
    }
}
