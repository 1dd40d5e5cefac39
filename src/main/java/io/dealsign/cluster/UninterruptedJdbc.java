package io.dealsign.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JDBC calls made for threads that may be interrupted, run on threads that are not.
 *
 * <p>A thread interrupted inside an embedded H2 database's file I/O (a commit writes the file in the
 * committing thread) makes the JVM close H2's handle of the file, and H2 closes the database for every
 * connection; H2's documentation forbids such interrupts. Quartz makes them: when it shuts down it
 * interrupts its scheduler, cluster check-in and misfire threads, whatever they are doing, and all three
 * query and commit the job store. A graceful stop under load ({@code CrashRecoveryIT}) closed the database
 * so, in the middle of the service's last commits. H2's {@code async:} file system, which an interrupt
 * cannot close, cost the webhook intake a fifth of its throughput and its p99 target.
 *
 * <p>Here every call on a connection, and on the statements and result sets it hands out, runs on a pool
 * thread while the caller waits without being interruptible; an interrupt that arrives meanwhile is kept
 * and set again on the caller once the call is done, so the caller still sees it where it checks. The
 * calls on one connection stay in their order: the caller waits for each before it makes the next.
 */
final class UninterruptedJdbc {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "quartz-jdbc-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private UninterruptedJdbc() {
    }

    /** The connection, with each call on it (and on what it returns) made on an uninterrupted thread. */
    static Connection connection(Callable<Connection> open) throws SQLException {
        return wrap(Connection.class, call(open));
    }

    private static <T> T wrap(Class<T> type, T target) {
        Object proxy = Proxy.newProxyInstance(UninterruptedJdbc.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> invoke(target, method, args));
        return type.cast(proxy);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Exception {
        Object result = call(() -> {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        });
        Class<?> returned = method.getReturnType();
        // Statements, result sets, metadata: whatever JDBC hands out may do I/O too.
        boolean jdbcObject = returned.isInterface() && returned.getPackageName().equals("java.sql");
        return result == null || !jdbcObject || method.getName().equals("unwrap") ? result : wrap(cast(returned), result);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> cast(Class<?> type) {
        return (Class<T>) type;
    }

    private static <T> T call(Callable<T> call) throws SQLException {
        Future<T> result = CALLS.submit(call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sql) {
                        throw sql;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new SQLException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
