package io.dealsign.database;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.PropertyInject;
import io.dealsign.binding.Bindings;
import io.dealsign.cluster.ClusteredScheduler;
import io.dealsign.cluster.LiveInstances;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxPolicy;
import io.dealsign.polling.Watermarks;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that owns the database: a pooled datasource for {@code sync.datasource.url} (H2 file
 * database by default, PostgreSQL when the URL says so), migrated by Flyway before anything uses it,
 * and the objects that read and write it: Camel's JDBC idempotent repository, the inbox, the
 * bindings and the pollers' watermarks. Quartz keeps its triggers in the same database, through the same
 * pool, so that instances sharing a database form one scheduler cluster.
 */
public class DatabaseConfiguration implements CamelConfiguration {

    public static final String DATA_SOURCE = "dataSource";
    public static final String PROCESSED_EVENTS = "processedEvents";
    public static final String INBOX = "inbox";
    public static final String BINDINGS = "bindings";
    public static final String WATERMARKS = "watermarks";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfiguration.class);
    private static final Pattern WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");
    private static final Pattern DB_CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=");

    @PropertyInject("sync.datasource.url")
    private String url;
    @PropertyInject(value = "sync.datasource.username", defaultValue = "")
    private String username;
    @PropertyInject(value = "sync.datasource.password", defaultValue = "")
    private String password;
    @PropertyInject(value = "sync.datasource.max-pool-size", defaultValue = "10")
    private int maxPoolSize;
    @PropertyInject(value = "sync.inbox.max-attempts", defaultValue = "10")
    private int inboxMaxAttempts;
    @PropertyInject(value = "sync.inbox.first-retry-delay", defaultValue = "5000")
    private long inboxFirstRetryDelayMillis;
    @PropertyInject(value = "sync.inbox.max-retry-delay", defaultValue = "1800000")
    private long inboxMaxRetryDelayMillis;
    @PropertyInject(value = "sync.inbox.lease", defaultValue = "120000")
    private long inboxLeaseMillis;
    @PropertyInject(value = "sync.cluster.scheduler-name", defaultValue = "dealsign-sync")
    private String schedulerName;
    @PropertyInject(value = "sync.cluster.instance-id", defaultValue = "")
    private String instanceId;
    @PropertyInject(value = "sync.cluster.checkin-interval", defaultValue = "15000")
    private long checkinIntervalMillis;

    @Override
    public void configure(CamelContext camelContext) {
        // Not opened here: the pool opens on its first connection, which the migration takes.
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("sync-db");
        pool.setJdbcUrl(durableUrl(url));
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(maxPoolSize);
        MigratedDataSource dataSource = MigratedDataSource.migrateInBackground(pool);
        camelContext.getRegistry().bind(DATA_SOURCE, dataSource);
        GroupCommit writes = new GroupCommit(dataSource, "sync-db-writer", DiskSync.forUrl(url));
        camelContext.getRegistry().bind(PROCESSED_EVENTS, ProcessedEvents.repository(dataSource, writes, "events"));
        String member = instanceId.isBlank() ? LiveInstances.generatedInstanceId() : instanceId.trim();
        QuartzComponent quartz = ClusteredScheduler.bind(camelContext, dataSource, url, schedulerName, member,
                checkinIntervalMillis);
        // Closed with the context, after the routes that use it have stopped, and after Quartz and the writer,
        // whose threads use it until they are shut down.
        camelContext.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                ClusteredScheduler.shutDown(quartz);
                writes.close();
                pool.close();
            }
        });
        camelContext.getRegistry().bind(LiveInstances.BEAN, new LiveInstances(dataSource, schedulerName, member,
                Duration.ofMillis(Math.min(checkinIntervalMillis, 5000)), Clock.systemUTC()));
        LOG.info("Instance {} of scheduler {}", member, schedulerName);
        Inbox inbox = new Inbox(dataSource, writes, new InboxPolicy(inboxMaxAttempts, Duration.ofMillis(inboxFirstRetryDelayMillis),
                Duration.ofMillis(inboxMaxRetryDelayMillis), Duration.ofMillis(inboxLeaseMillis)), Clock.systemUTC(), member);
        // Routes are loaded by now and none has run: the first point that needs the schema (Quartz, the
        // inbox sweep and the webhooks start after it). A failed migration stops the start here.
        camelContext.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext context) {
                try {
                    dataSource.awaitMigrated();
                } catch (RuntimeException e) {
                    writes.close();
                    pool.close();
                    throw e;
                }
                if (isEmbeddedH2File(url)) {
                    // An embedded H2 file belongs to this process alone: whatever is claimed was claimed by a run that
                    // is gone. A shared database (PostgreSQL) may hold claims of live instances: those end by lease
                    // expiry only.
                    int released = inbox.releaseAllClaims();
                    if (released > 0) {
                        LOG.info("{} event(s) left running by the previous run are queued again", released);
                    }
                }
            }
        });
        camelContext.getRegistry().bind(INBOX, inbox);
        camelContext.getRegistry().bind(BINDINGS, new Bindings(dataSource, Clock.systemUTC()));
        camelContext.getRegistry().bind(WATERMARKS, new Watermarks(dataSource, Clock.systemUTC()));
        HealthCheckRegistry.get(camelContext).register(new DatabaseHealthCheck(dataSource));
    }

    /**
     * The URL the service opens. For an embedded H2 file database two settings are added when the URL
     * does not set them:
     * <ul>
     *   <li>{@code WRITE_DELAY=0}. H2 otherwise keeps committed transactions in memory for up to 500 ms
     *       and writes them to the file from a background thread: a killed process loses the commits of
     *       its last half second, events it has already acknowledged among them. With 0 every commit is
     *       written to the file before it returns, so it survives a killed process. H2 does not force the file
     *       to disk on its own: the writes that answer webhooks are forced after each commit
     *       ({@link DiskSync}). An explicit other value is kept, with a warning.</li>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}. H2 otherwise closes the database from a JVM shutdown hook of
     *       its own the moment the process is asked to stop, while Camel is still finishing the events in
     *       flight, which then cannot record their outcome. The pool is closed with the Camel context, and
     *       that closes the database.</li>
     * </ul>
     */
    public static String durableUrl(String url) {
        if (!isEmbeddedH2File(url)) {
            return url;
        }
        String durable = url;
        Matcher writeDelay = WRITE_DELAY.matcher(url);
        if (!writeDelay.find()) {
            durable += ";WRITE_DELAY=0";
        } else if (!writeDelay.group(1).trim().equals("0")) {
            LOG.warn("sync.datasource.url sets WRITE_DELAY={}: H2 keeps commits in memory that long, and a killed process"
                    + " loses events it has already acknowledged. Remove it (the service then uses WRITE_DELAY=0).",
                    writeDelay.group(1).trim());
        }
        if (!DB_CLOSE_ON_EXIT.matcher(url).find()) {
            durable += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return durable;
    }

    /** An H2 database in a file this process opens itself (not in memory, not through an H2 server). */
    static boolean isEmbeddedH2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = lower.substring("jdbc:h2:".length());
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")
                || rest.startsWith("memfs:") || rest.startsWith("memlzf:"));
    }
}
