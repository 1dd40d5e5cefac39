package io.dealsign.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.builder.ExpressionBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many instances of this deployment are alive, read from the check-ins clustered Quartz already
 * keeps in {@code QRTZ_SCHEDULER_STATE}, and each instance's share of a rate limit that belongs to the
 * whole deployment (a Pipedrive company's budget is per company, not per process).
 *
 * <p>An instance counts as alive by Quartz's own rule: its last check-in plus its check-in interval plus
 * 7.5 s has not passed. This instance always counts itself, also before its first check-in.
 */
public class LiveInstances {

    /** The registry name of the running instance's {@code LiveInstances}. */
    public static final String BEAN = "liveInstances";

    /** Quartz's grace on top of an instance's check-in interval before others consider it failed. */
    private static final long QUARTZ_FAILURE_GRACE_MILLIS = 7_500;
    private static final Logger LOG = LoggerFactory.getLogger(LiveInstances.class);

    private final JdbcTemplate jdbc;
    private final String schedulerName;
    private final String instanceId;
    private final Duration refreshEvery;
    private final Clock clock;
    private volatile int count = 1;
    private volatile Instant countedAt = Instant.MIN;

    public LiveInstances(DataSource dataSource, String schedulerName, String instanceId, Duration refreshEvery, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.schedulerName = schedulerName;
        this.instanceId = instanceId;
        this.refreshEvery = refreshEvery;
        this.clock = clock;
    }

    /** An instance id unique on this network: host name, process id and start time. */
    public static String generatedInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    public String instanceId() {
        return instanceId;
    }

    public String schedulerName() {
        return schedulerName;
    }

    /** Live instances, this one included; counted again at most every {@code refreshEvery}. */
    public int count() {
        Instant now = clock.instant();
        if (now.isAfter(countedAt.plus(refreshEvery))) {
            synchronized (this) {
                if (now.isAfter(countedAt.plus(refreshEvery))) {
                    int previous = count;
                    count = countNow(now);
                    countedAt = now;
                    if (count != previous) {
                        LOG.info("{} live instance(s) of scheduler {} share the API rate limits now (this is {})",
                                count, schedulerName, instanceId);
                    }
                }
            }
        }
        return count;
    }

    private int countNow(Instant now) {
        try {
            Integer others = jdbc.queryForObject("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?"
                            + " AND INSTANCE_NAME <> ? AND LAST_CHECKIN_TIME + CHECKIN_INTERVAL + ? >= ?",
                    Integer.class, schedulerName, instanceId, QUARTZ_FAILURE_GRACE_MILLIS, now.toEpochMilli());
            return 1 + (others == null ? 0 : others);
        } catch (RuntimeException e) {
            // The database is down: every call fails anyway; keep the last count rather than guess.
            LOG.debug("Could not count live instances: {}", e.getMessage());
            return count;
        }
    }

    /** This instance's share of {@code deploymentWide}: divided evenly, rounded down, at least 1. */
    public int share(int deploymentWide) {
        return Math.max(1, deploymentWide / count());
    }

    /**
     * The Throttle EIP's maximum for a limit that belongs to the whole deployment: this instance's share
     * when a {@code liveInstances} bean is bound, else (an API client alone, as in its tests) all of it.
     */
    public static Expression throttleMaximum(CamelContext camelContext, int deploymentWide) {
        LiveInstances live = camelContext.getRegistry().lookupByNameAndType(BEAN, LiveInstances.class);
        return live != null ? live.shareOf(deploymentWide) : ExpressionBuilder.constantExpression(deploymentWide);
    }

    /** {@link #share} as a Throttle EIP expression, evaluated per request. */
    public Expression shareOf(int deploymentWide) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return share(deploymentWide);
            }

            @Override
            public String toString() {
                return deploymentWide + " / live instances";
            }
        };
    }
}
