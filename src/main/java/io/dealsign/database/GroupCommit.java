package io.dealsign.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Durable writes from many threads, committed together. Every caller's write joins the one transaction
 * of the next batch, and the caller returns once that transaction is committed: what it wrote is as
 * durable as if it had committed alone, but one commit serves all the writes that arrived while the
 * previous commit ran. A commit is the expensive part of a write (H2 with {@code WRITE_DELAY=0} writes a
 * chunk of its file under one store lock; PostgreSQL waits for its log to reach the disk), and the
 * webhook intake makes two per event; committed one by one they capped the intake at a few hundred
 * events a second (BENCHMARKS.md, webhook intake).
 *
 * <p>A batch is never held back to grow: a write that finds the writer idle is committed at once, alone.
 * Each write runs inside a savepoint of its own, so one that fails (a duplicate key above all, which on
 * PostgreSQL aborts the whole transaction) is rolled back alone and fails only its own caller. A write
 * that PostgreSQL chose as a deadlock's victim (two instances inserting the same keys in other orders,
 * when both receive the same deliveries at once) is run again in the next batch, once the other side has
 * committed. A commit that fails fails every caller of its batch: nothing of the batch is stored, and
 * each caller knows it. After the commit, and before any caller returns, the database is made to write
 * it to disk if its commit does not ({@link DiskSync}).
 */
public final class GroupCommit implements AutoCloseable {

    /** One caller's share of a batch: statements on the batch's connection, in its transaction. */
    @FunctionalInterface
    public interface Write<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's deadlock_detected and serialization_failure: the write may well succeed if run again. */
    private static final Set<String> WORTH_RUNNING_AGAIN = Set.of("40P01", "40001");
    private static final int MAX_RUNS = 3;
    /** Bounds a transaction's size; more waiting writes than this go into the next commit. */
    private static final int MAX_BATCH = 128;

    private final DataSource dataSource;
    private final DiskSync diskSync;
    private final BlockingDeque<Pending<?>> queue = new LinkedBlockingDeque<>();
    private final Thread writer;
    private volatile boolean closed;

    /** A writer whose database's commit is durable by itself (tests, PostgreSQL). */
    public GroupCommit(DataSource dataSource, String name) {
        this(dataSource, name, DiskSync.NOT_NEEDED);
    }

    /** @param diskSync run after each commit, before its callers return: {@link DiskSync#forUrl(String)} */
    public GroupCommit(DataSource dataSource, String name, DiskSync diskSync) {
        this.dataSource = dataSource;
        this.diskSync = diskSync;
        this.writer = new Thread(this::writeUntilClosed, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs {@code write} in the next batch's transaction and returns its result once that transaction is
     * committed.
     *
     * @throws SQLException the write's own failure (its savepoint was rolled back, the rest of the batch
     *                      committed), or the commit's (nothing of the batch was stored)
     */
    public <T> T write(Write<T> write) throws SQLException {
        if (closed) {
            throw new IllegalStateException("the database writer is closed: the service is stopping");
        }
        Pending<T> pending = new Pending<>(write);
        queue.add(pending);
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the commit; the write may or may not be stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SQLException(e.getCause());
        }
    }

    /** Whether {@code failure} is a unique key violation (the same SQLSTATE on H2 and PostgreSQL). */
    public static boolean isUniqueViolation(SQLException failure) {
        return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }

    /** Commits what is queued, then stops the writer. Writes asked for afterwards are refused. */
    @Override
    public void close() {
        closed = true;
        queue.add(Pending.STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(Pending.STOP);
            if (!batch.isEmpty()) {
                try {
                    commit(batch);
                } catch (Throwable unexpected) {
                    // An Error (out of memory, say) must not end the writer: every later caller would wait forever.
                    LOG.error("A commit of {} write(s) ended with {}; none of them is known to be stored, each caller"
                            + " is told", batch.size(), unexpected.toString());
                    batch.forEach(pending -> pending.result.completeExceptionally(unexpected));
                }
            }
            batch.clear();
            if (stop) {
                queue.forEach(late -> late.result.completeExceptionally(
                        new IllegalStateException("the database writer is closed: the service is stopping")));
                return;
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        boolean alone = batch.size() == 1;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Pending<?> pending : batch) {
                    Savepoint savepoint = alone ? null : connection.setSavepoint();
                    try {
                        pending.run(connection);
                    } catch (SQLException | RuntimeException failure) {
                        if (alone) {
                            connection.rollback();
                        } else {
                            connection.rollback(savepoint);
                        }
                        pending.failure = failure;
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                rollbackQuietly(connection);
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
            try {
                diskSync.afterCommit(connection);
            } catch (SQLException | RuntimeException failure) {
                // Committed, but not known to be on disk. Each caller answers that it could not store; its sender
                // retries, and the retry is recognised as a duplicate of what is stored: nothing lost, nothing twice.
                LOG.error("A commit of {} write(s) could not be forced to disk; each caller is told it failed: {}",
                        batch.size(), failure.toString());
                batch.forEach(pending -> pending.result.completeExceptionally(failure));
                return;
            }
        } catch (SQLException | RuntimeException failure) {
            LOG.error("A commit of {} write(s) failed; none of them is stored, each caller is told: {}", batch.size(),
                    failure.toString());
            batch.forEach(pending -> pending.result.completeExceptionally(failure));
            return;
        }
        for (Pending<?> pending : batch) {
            if (pending.worthRunningAgain()) {
                LOG.debug("A write was a deadlock's victim; it runs again in the next batch: {}", pending.failure.toString());
                pending.failure = null;
                queue.addFirst(pending);
            } else {
                pending.complete();
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rolling back a failed commit failed too: {}", e.toString());
        }
    }

    private static final class Pending<T> {
        static final Pending<Void> STOP = new Pending<>(connection -> null);

        final Write<T> write;
        final CompletableFuture<T> result = new CompletableFuture<>();
        int runs;
        T value;
        Exception failure;

        Pending(Write<T> write) {
            this.write = write;
        }

        void run(Connection connection) throws SQLException {
            runs++;
            value = write.apply(connection);
        }

        boolean worthRunningAgain() {
            return failure instanceof SQLException sql && WORTH_RUNNING_AGAIN.contains(sql.getSQLState()) && runs < MAX_RUNS;
        }

        /** After the commit: the caller learns its own outcome. */
        void complete() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }
    }
}
