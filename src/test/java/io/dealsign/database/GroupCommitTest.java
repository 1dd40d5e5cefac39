package io.dealsign.database;

import com.zaxxer.hikari.HikariDataSource;
import io.dealsign.testing.TestDatabases;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer behind the durable intake: callers that arrive while a commit runs share the next one,
 * and each learns its own outcome. The first write of each test holds the writer until the others have
 * queued, so that the batch they form is known.
 */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<Thread> callerThreads = new ArrayList<>();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void should_store_every_write_of_callers_that_queue_during_a_commit_with_one_commit_more() throws Exception {
        try (HikariDataSource pool = TestDatabases.pooled("h2", 2)) {
            createTable(pool, "");
            CountingCommits counted = new CountingCommits(pool);
            try (GroupCommit writes = new GroupCommit(counted.dataSource(), "test-writer")) {
                CountDownLatch release = new CountDownLatch(1);
                Future<Integer> first = holdTheWriter(writes, release, connection -> insert(connection, "first"));
                List<Future<Integer>> queued = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String key = "queued-" + i;
                    queued.add(call(() -> writes.write(connection -> insert(connection, key))));
                }
                awaitAllWaiting();
                release.countDown();

                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                for (Future<Integer> write : queued) {
                    assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                }
                assertThat(rows(pool)).isEqualTo(21);
                assertThat(counted.commits.get()).as("the first write alone, then the 20 that queued meanwhile").isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_fail_only_the_write_that_breaks_a_unique_key_and_commit_the_others_of_its_batch(String database)
            throws Exception {
        try (HikariDataSource pool = TestDatabases.pooled(database, 2);
             GroupCommit writes = new GroupCommit(pool, "test-writer")) {
            createTable(pool, "");
            writes.write(connection -> insert(connection, "taken"));
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> holder = holdTheWriter(writes, release, connection -> insert(connection, "a"));
            Future<Integer> before = call(() -> writes.write(connection -> insert(connection, "b")));
            Future<Integer> duplicate = call(() -> writes.write(connection -> insert(connection, "taken")));
            Future<Integer> after = call(() -> writes.write(connection -> insert(connection, "c")));
            awaitAllWaiting();
            release.countDown();

            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(after.get(10, TimeUnit.SECONDS))
                    .as("on PostgreSQL the duplicate aborts the transaction unless its savepoint is rolled back").isEqualTo(1);
            assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(SQLException.class,
                    failure -> assertThat(GroupCommit.isUniqueViolation(failure)).isTrue());
            assertThat(rows(pool)).isEqualTo(4);
        }
    }

    @Test
    void should_tell_every_caller_of_a_batch_whose_commit_fails_and_store_none_of_it() throws Exception {
        // PostgreSQL checks a deferred unique key at the commit: each write succeeds, the commit does not.
        try (HikariDataSource pool = TestDatabases.pooled("postgresql", 2);
             GroupCommit writes = new GroupCommit(pool, "test-writer")) {
            createTable(pool, " DEFERRABLE INITIALLY DEFERRED");
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> holder = holdTheWriter(writes, release, connection -> 0);
            Future<Integer> one = call(() -> writes.write(connection -> insert(connection, "same")));
            Future<Integer> unrelated = call(() -> writes.write(connection -> insert(connection, "other")));
            Future<Integer> two = call(() -> writes.write(connection -> insert(connection, "same")));
            awaitAllWaiting();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

            for (Future<Integer> write : List.of(one, unrelated, two)) {
                assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SQLException.class);
            }
            assertThat(rows(pool)).isZero();
            int next = writes.write(connection -> insert(connection, "next"));
            assertThat(next).as("the writer goes on").isEqualTo(1);
        }
    }

    @Test
    void should_run_a_deadlock_victim_again_so_that_two_instances_inserting_the_same_keys_both_get_an_answer()
            throws Exception {
        // Two instances receive the same two events at once and insert their keys in opposite orders.
        try (HikariDataSource pool = TestDatabases.pooled("postgresql", 4);
             GroupCommit first = new GroupCommit(pool, "instance-1-writer");
             GroupCommit second = new GroupCommit(pool, "instance-2-writer")) {
            createTable(pool, "");
            CountDownLatch release = new CountDownLatch(1);
            holdTheWriter(first, release, connection -> 0);
            holdTheWriter(second, release, connection -> 0);
            // Each batch: its own first key, then (once the other instance holds its first key) the other's.
            CountDownLatch firstHoldsA = new CountDownLatch(1);
            CountDownLatch secondHoldsB = new CountDownLatch(1);
            Future<Integer> firstA = call(() -> first.write(connection -> {
                int written = insert(connection, "A");
                firstHoldsA.countDown();
                await(secondHoldsB);
                return written;
            }));
            Future<Integer> firstB = call(() -> first.write(connection -> insert(connection, "B")));
            Future<Integer> secondB = call(() -> second.write(connection -> {
                int written = insert(connection, "B");
                secondHoldsB.countDown();
                await(firstHoldsA);
                return written;
            }));
            Future<Integer> secondA = call(() -> second.write(connection -> insert(connection, "A")));
            awaitAllWaiting();
            release.countDown();

            List<Integer> stored = new ArrayList<>();
            for (Future<Integer> write : List.of(firstA, secondB, firstB, secondA)) {
                try {
                    stored.add(write.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).as("each caller learns stored or duplicate, never the deadlock")
                            .isInstanceOfSatisfying(SQLException.class,
                                    failure -> assertThat(GroupCommit.isUniqueViolation(failure)).isTrue());
                }
            }
            assertThat(stored).as("each key stored once").hasSize(2);
            assertThat(rows(pool)).isEqualTo(2);
        }
    }

    @Test
    void should_commit_what_is_queued_on_close_and_refuse_writes_afterwards() throws Exception {
        try (HikariDataSource pool = TestDatabases.pooled("h2", 2)) {
            createTable(pool, "");
            GroupCommit writes = new GroupCommit(pool, "test-writer");
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> holder = holdTheWriter(writes, release, connection -> insert(connection, "held"));
            Future<Integer> queued = call(() -> writes.write(connection -> insert(connection, "queued")));
            awaitAllWaiting();
            Future<?> closing = callers.submit(writes::close);
            release.countDown();
            closing.get(10, TimeUnit.SECONDS);

            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(rows(pool)).isEqualTo(2);
            assertThatThrownBy(() -> writes.write(connection -> insert(connection, "late")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        }
    }

    @Test
    void should_answer_the_callers_of_a_batch_only_once_their_commit_is_forced_to_disk() throws Exception {
        try (HikariDataSource pool = TestDatabases.pooled("h2", 2)) {
            createTable(pool, "");
            CountDownLatch syncing = new CountDownLatch(1);
            CountDownLatch synced = new CountDownLatch(1);
            DiskSync heldSync = connection -> {
                syncing.countDown();
                await(synced);
            };
            try (GroupCommit writes = new GroupCommit(pool, "test-writer", heldSync)) {
                Future<Integer> write = call(() -> writes.write(connection -> insert(connection, "forced")));
                await(syncing);

                assertThat(rows(pool)).as("committed before the sync").isEqualTo(1);
                assertThat(write).as("the caller waits for the sync").isNotDone();
                synced.countDown();
                assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
    }

    @Test
    void should_fail_every_caller_of_a_batch_whose_sync_fails_so_that_each_sender_retries() throws Exception {
        try (HikariDataSource pool = TestDatabases.pooled("h2", 2)) {
            createTable(pool, "");
            AtomicInteger syncs = new AtomicInteger();
            DiskSync failingOnce = connection -> {
                if (syncs.incrementAndGet() == 2) {
                    throw new SQLException("fsync failed: no space left on device");
                }
            };
            try (GroupCommit writes = new GroupCommit(pool, "test-writer", failingOnce)) {
                CountDownLatch release = new CountDownLatch(1);
                Future<Integer> holder = holdTheWriter(writes, release, connection -> insert(connection, "held"));
                Future<Integer> one = call(() -> writes.write(connection -> insert(connection, "one")));
                Future<Integer> two = call(() -> writes.write(connection -> insert(connection, "two")));
                awaitAllWaiting();
                release.countDown();

                assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                for (Future<Integer> write : List.of(one, two)) {
                    assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SQLException.class)
                            .hasMessageContaining("fsync failed");
                }
                assertThat(rows(pool)).as("committed, though not known to be on disk: a retry finds them").isEqualTo(3);
                assertThatThrownBy(() -> writes.write(connection -> insert(connection, "one")))
                        .isInstanceOfSatisfying(SQLException.class,
                                failure -> assertThat(GroupCommit.isUniqueViolation(failure)).isTrue());
            }
        }
    }

    @Test
    void should_force_only_an_embedded_h2_file_to_disk_whose_commits_are_not_durable_by_themselves(@TempDir Path folder)
            throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("synced") + ";WRITE_DELAY=0";
        assertThat(DiskSync.forUrl(TestDatabases.freshH2Url())).as("in memory").isSameAs(DiskSync.NOT_NEEDED);
        assertThat(DiskSync.forUrl(TestDatabases.POSTGRES_URL)).isSameAs(DiskSync.NOT_NEEDED);
        DiskSync sync = DiskSync.forUrl(url);
        assertThat(sync).isInstanceOf(DiskSync.H2Checkpoint.class);
        try (Connection admin = DriverManager.getConnection(url, "sa", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER plain PASSWORD 'plain'");
            sync.afterCommit(admin);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "plain", "plain").close())
                .as("a user that may not sync cannot open the file with WRITE_DELAY=0 either")
                .isInstanceOf(SQLException.class).hasMessageContaining("Admin rights");
    }

    /** A write that keeps the writer busy until {@code release}: what is written meanwhile forms the next batch. */
    private Future<Integer> holdTheWriter(GroupCommit writes, CountDownLatch release, GroupCommit.Write<Integer> write) {
        CountDownLatch writing = new CountDownLatch(1);
        Future<Integer> held = callers.submit(() -> writes.write(connection -> {
            writing.countDown();
            await(release);
            return write.apply(connection);
        }));
        await(writing);
        return held;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /**
     * A caller on a thread of its own, returned once it is queued (blocked in write()), so that callers queue in
     * the order the test starts them.
     */
    private <T> Future<T> call(Call<T> call) {
        java.util.concurrent.CompletableFuture<Thread> caller = new java.util.concurrent.CompletableFuture<>();
        Future<T> future = callers.submit(() -> {
            synchronized (callerThreads) {
                callerThreads.add(Thread.currentThread());
            }
            caller.complete(Thread.currentThread());
            return call.call();
        });
        Thread thread = caller.join();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.WAITING);
        return future;
    }

    private void awaitAllWaiting() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (callerThreads) {
                return callerThreads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void createTable(DataSource dataSource, String constraintOptions) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE written (k VARCHAR(50) NOT NULL, CONSTRAINT written_unique UNIQUE (k)"
                    + constraintOptions + ")");
        }
    }

    private static int insert(Connection connection, String key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO written (k) VALUES (?)")) {
            insert.setString(1, key);
            return insert.executeUpdate();
        }
    }

    private static long rows(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT COUNT(*) FROM written")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The pool, with every commit counted. */
    private static final class CountingCommits {
        final AtomicInteger commits = new AtomicInteger();
        private final DataSource pool;

        CountingCommits(DataSource pool) {
            this.pool = pool;
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(pool, method, args);
                        return method.getName().equals("getConnection") ? counting((Connection) result) : result;
                    });
        }

        private Connection counting(Connection connection) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            commits.incrementAndGet();
                        }
                        return invoke(connection, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
