package io.dealsign.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Quartz for the pollers and the watchdog, on the service's own database: a JDBC job store in clustered
 * mode, whose tables our Flyway migrations create. Every instance that shares the database and the
 * scheduler name is one member: each cron trigger fires on exactly one member, and when a member stops
 * checking in the others take its triggers over. Triggers live in the database, so a restart neither
 * loses nor duplicates them, and camel-quartz re-schedules one whose cron changed in the settings.
 *
 * <p>H2 uses the same store (one instance, but one code path, and the tests exercise what production runs);
 * an embedded H2 file cannot be shared by two processes, so a real cluster needs PostgreSQL.
 *
 * <p>Quartz gets its connections from our Hikari pool: no second pool, no second copy of the credentials.
 * Its calls on them run on threads of their own, which its shutdown does not interrupt.
 */
public final class ClusteredScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduler.class);

    private ClusteredScheduler() {
    }

    /**
     * Binds the {@code quartz} component that every {@code quartz:} route of this context uses.
     *
     * @param schedulerName the same on every instance of one deployment (Quartz's SCHED_NAME)
     * @param instanceId    unique per running instance
     * @param checkinInterval how often, in milliseconds, this instance tells the others it is alive
     */
    public static QuartzComponent bind(CamelContext camelContext, DataSource dataSource, String jdbcUrl, String schedulerName,
                                       String instanceId, long checkinInterval) {
        // Quartz finds data sources by name in a JVM-wide registry; a name per pool keeps two contexts in
        // one JVM (tests) apart.
        String dataSourceName = "sync-db-" + Integer.toHexString(System.identityHashCode(dataSource));
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("org.quartz.scheduler.instanceName", schedulerName);
        properties.put("org.quartz.scheduler.instanceId", instanceId);
        // Two pollers and the watchdog, none of which overlaps itself (stateful).
        properties.put("org.quartz.threadPool.threadCount", "3");
        properties.put("org.quartz.jobStore.class", JobStoreTX.class.getName());
        properties.put("org.quartz.jobStore.driverDelegateClass", isPostgres(jdbcUrl)
                ? PostgreSQLDelegate.class.getName() : StdJDBCDelegate.class.getName());
        properties.put("org.quartz.jobStore.dataSource", dataSourceName);
        properties.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.put("org.quartz.jobStore.isClustered", "true");
        properties.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval));

        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(properties);
        // The scheduler name is ours as given; Camel would otherwise append the context's management name.
        quartz.setPrefixInstanceName(false);
        camelContext.getRegistry().bind("quartz", quartz);
        return quartz;
    }

    /**
     * Shuts the scheduler down, waiting for running jobs, before its database goes: its thread keeps
     * querying the job store until then, and would log errors against a closed database.
     */
    public static void shutDown(QuartzComponent quartz) {
        try {
            Scheduler scheduler = quartz.getScheduler();
            if (scheduler != null && !scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warn("The Quartz scheduler did not shut down cleanly: {}", e.getMessage());
        }
    }

    static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /**
     * Quartz's view of our pool; the pool is closed with the Camel context, not by Quartz. Quartz interrupts
     * its threads when it shuts down, so their database calls run where an interrupt cannot reach H2's file
     * ({@link UninterruptedJdbc}).
     */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return UninterruptedJdbc.connection(dataSource::getConnection);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
