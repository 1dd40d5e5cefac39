package io.dealsign.inbox;

import io.dealsign.database.GroupCommit;
import io.dealsign.observe.BusinessMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable inbox table. An event is a row before its webhook is acknowledged; workers claim rows
 * with a conditional update (so two workers, or two instances, never run the same row), run them,
 * and record the result. Events of one subject run one at a time, in arrival order.
 *
 * <p>A claim is a lease held by one instance ({@code locked_by}). Another instance takes a row over only
 * once its lease has passed; the outcome of a run is recorded only while the claim is still this
 * instance's, so a run that outlived its lease cannot overwrite the run that took the row over.
 */
public class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final int CLAIM_CANDIDATES = 8;
    /** A row that may be claimed now: due, or claimed by a worker whose lease has run out. Two parameters: now, now. */
    private static final String DUE = "((status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'PROCESSING' AND locked_until < ?))";
    /** No earlier event of the row's subject is unfinished. */
    private static final String FIRST_OF_SUBJECT = "NOT EXISTS (SELECT 1 FROM inbox_event earlier"
            + " WHERE earlier.subject = inbox_event.subject AND earlier.id < inbox_event.id"
            + " AND earlier.status IN ('PENDING', 'PROCESSING'))";
    /** The claim is still this instance's: nobody took the row over after its lease ran out. One parameter: the holder. */
    private static final String STILL_HELD = "status = 'PROCESSING' AND locked_by = ?";
    private static final String INSERT = "INSERT INTO inbox_event (source, event_key, kind, subject, payload, status,"
            + " attempts, next_attempt_at, received_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    /** Every status a row can have, in the order an event passes through them. */
    public static final List<String> STATUSES = List.of("PENDING", "PROCESSING", "DONE", "PARKED");

    /**
     * A row as an operator sees it (the admin API): where the event stands, without its payload.
     * {@code lastError} is the error of the latest failed attempt (a replay keeps it until the next failure).
     */
    public record Row(long id, String source, String kind, String subject, String status, int attempts, String lastError,
                      Instant receivedAt, Instant nextAttemptAt, Instant finishedAt) {
    }

    private static final RowMapper<Row> ROW = (rs, row) -> new Row(rs.getLong("id"), rs.getString("source"),
            rs.getString("kind"), rs.getString("subject"), rs.getString("status"), rs.getInt("attempts"),
            rs.getString("last_error"), instant(rs.getTimestamp("received_at")), instant(rs.getTimestamp("next_attempt_at")),
            instant(rs.getTimestamp("finished_at")));

    private static final RowMapper<InboxEvent> EVENT = (rs, row) -> new InboxEvent(rs.getLong("id"),
            rs.getString("source"), rs.getString("event_key"), rs.getString("kind"), rs.getString("subject"),
            rs.getString("payload"), rs.getInt("attempts"));

    private final JdbcTemplate jdbc;
    private final GroupCommit writes;
    private final InboxPolicy policy;
    private final Clock clock;
    private final String holder;

    /** An inbox whose claims are this process's alone (tools, tests). */
    public Inbox(DataSource dataSource, GroupCommit writes, InboxPolicy policy, Clock clock) {
        this(dataSource, writes, policy, clock, "local");
    }

    /**
     * @param writes the writer that commits stored events (the ones of webhooks and pollers alike)
     * @param holder this instance's id, recorded with each claim it makes
     */
    public Inbox(DataSource dataSource, GroupCommit writes, InboxPolicy policy, Clock clock, String holder) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.writes = writes;
        this.policy = policy;
        this.clock = clock;
        this.holder = holder;
    }

    /**
     * Stores the event, committed before this returns (together with the other writes waiting at that
     * moment: {@link GroupCommit}); empty when an event with the same source and key is already stored.
     */
    public Optional<Long> store(InboxEntry entry) {
        return store(entry, connection -> null);
    }

    /**
     * Stores the event as {@link #store(InboxEntry)} does, and {@code alongside} in the same transaction: both
     * are stored or neither is. Empty when either finds its key taken.
     */
    public Optional<Long> store(InboxEntry entry, GroupCommit.Write<?> alongside) {
        Timestamp now = now();
        try {
            long id = writes.write(connection -> {
                long stored = insert(connection, entry, now);
                alongside.apply(connection);
                return stored;
            });
            BusinessMetrics.eventReceived(entry.source(), entry.kind());
            return Optional.of(id);
        } catch (SQLException e) {
            if (GroupCommit.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw new DataAccessResourceFailureException("the event could not be stored: " + e.getMessage(), e);
        }
    }

    private static long insert(Connection connection, InboxEntry entry, Timestamp now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT, new String[] {"id"})) {
            insert.setString(1, entry.source());
            insert.setString(2, entry.eventKey());
            insert.setString(3, entry.kind());
            insert.setString(4, entry.subject());
            insert.setString(5, entry.payload());
            insert.setTimestamp(6, now);
            insert.setTimestamp(7, now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the stored event");
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Claims this row if it is due and no earlier event of its subject is unfinished. One UPDATE whose
     * condition is the claim: on PostgreSQL a concurrent claimer of the same row waits for the row lock
     * and then finds the condition false, so exactly one of them gets the row.
     */
    public Optional<InboxEvent> claim(long id) {
        Timestamp now = now();
        int claimed = jdbc.update("UPDATE inbox_event SET status = 'PROCESSING', attempts = attempts + 1, locked_until = ?,"
                        + " locked_by = ? WHERE id = ? AND " + DUE + " AND " + FIRST_OF_SUBJECT,
                Timestamp.from(now.toInstant().plus(policy.lease())), holder, id, now, now);
        if (claimed == 0) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("SELECT * FROM inbox_event WHERE id = ?", EVENT, id));
    }

    /**
     * Claims a due row that may run now, if any: first one whose claim has run out (its worker is gone),
     * then the one due longest. One at a time: a worker claims the next row only when it is ready to run
     * it, so no claimed row waits behind others while its lease runs out.
     */
    public Optional<InboxEvent> claimNextDue() {
        Timestamp now = now();
        // Two queries, each along the (status, next_attempt_at) index: one condition with an OR between the
        // statuses would read the whole table at every claim, and the table keeps every event ever stored.
        // Ordered as the index is (status first), so the scan stops at the candidates instead of sorting.
        // A few candidates, not one: another worker or instance may claim the first at the same moment.
        Optional<InboxEvent> taken = claimFirstOf(jdbc.queryForList("SELECT id FROM inbox_event WHERE status = 'PROCESSING'"
                + " AND locked_until < ? AND " + FIRST_OF_SUBJECT + " ORDER BY id FETCH FIRST " + CLAIM_CANDIDATES
                + " ROWS ONLY", Long.class, now));
        if (taken.isPresent()) {
            return taken;
        }
        return claimFirstOf(jdbc.queryForList("SELECT id FROM inbox_event WHERE status = 'PENDING' AND next_attempt_at <= ?"
                + " AND " + FIRST_OF_SUBJECT + " ORDER BY status, next_attempt_at FETCH FIRST " + CLAIM_CANDIDATES
                + " ROWS ONLY", Long.class, now));
    }

    private Optional<InboxEvent> claimFirstOf(List<Long> candidates) {
        for (Long id : candidates) {
            Optional<InboxEvent> claimed = claim(id);
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    public void done(long id) {
        int recorded = jdbc.update("UPDATE inbox_event SET status = 'DONE', finished_at = ?, locked_until = NULL, locked_by = NULL"
                + " WHERE id = ? AND " + STILL_HELD, now(), id, holder);
        if (recorded == 0) {
            lostClaim(id, "done");
        }
    }

    /** A failed attempt: retried with backoff, or parked with the error after the last attempt. */
    public void failed(InboxEvent event, String error) {
        String reason = truncate(error);
        if (event.attempts() >= policy.maxAttempts()) {
            if (jdbc.update("UPDATE inbox_event SET status = 'PARKED', last_error = ?, locked_until = NULL, locked_by = NULL,"
                    + " finished_at = ? WHERE id = ? AND " + STILL_HELD, reason, now(), event.id(), holder) == 0) {
                lostClaim(event.id(), "parked");
                return;
            }
            BusinessMetrics.eventParked(event.kind());
            LOG.error("Event {} ({} {}) parked after {} attempts: {}. Replay it once the cause is fixed.",
                    event.id(), event.kind(), event.subject(), event.attempts(), reason);
            return;
        }
        Instant next = clock.instant().plus(policy.delayAfter(event.attempts()));
        if (jdbc.update("UPDATE inbox_event SET status = 'PENDING', last_error = ?, next_attempt_at = ?, locked_until = NULL,"
                + " locked_by = NULL WHERE id = ? AND " + STILL_HELD, reason, Timestamp.from(next), event.id(), holder) == 0) {
            lostClaim(event.id(), "failed: " + reason);
            return;
        }
        LOG.warn("Event {} ({} {}) failed attempt {} of {}: {}. Next attempt at {}.", event.id(), event.kind(),
                event.subject(), event.attempts(), policy.maxAttempts(), reason, next);
    }

    /** Not a failure: the event waits until {@code notBefore}, and this attempt is not counted. */
    public void postpone(InboxEvent event, Instant notBefore, String reason) {
        if (jdbc.update("UPDATE inbox_event SET status = 'PENDING', attempts = attempts - 1, last_error = ?,"
                + " next_attempt_at = ?, locked_until = NULL, locked_by = NULL WHERE id = ? AND " + STILL_HELD,
                truncate(reason), Timestamp.from(notBefore), event.id(), holder) == 0) {
            lostClaim(event.id(), "waits: " + reason);
            return;
        }
        LOG.info("Event {} ({} {}) waits until {}: {}", event.id(), event.kind(), event.subject(), notBefore, reason);
    }

    private void lostClaim(long id, String outcome) {
        LOG.warn("Event {} ran longer than its lease (sync.inbox.lease) and was taken over by another worker;"
                + " this run's outcome ({}) is not recorded", id, outcome);
    }

    /**
     * Makes rows claimed by a process that is gone claimable at once. Only safe when no other process
     * shares the database (an embedded H2 file cannot be shared).
     */
    public int releaseAllClaims() {
        return jdbc.update("UPDATE inbox_event SET status = 'PENDING', locked_until = NULL, locked_by = NULL"
                + " WHERE status = 'PROCESSING'");
    }

    public long count(String status) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = ?", Long.class, status);
        return count == null ? 0 : count;
    }

    // --- for operators (the admin API) --------------------------------------------------------------

    public Optional<Row> row(long id) {
        return jdbc.query("SELECT * FROM inbox_event WHERE id = ?", ROW, id).stream().findFirst();
    }

    /**
     * Rows newest first, at most {@code limit}.
     *
     * @param status   one of {@link #STATUSES}, or null for any
     * @param subjects only these subjects ({@code deal:42}, {@code task:7}), or null for any
     */
    public List<Row> rows(String status, Collection<String> subjects, int limit) {
        return rows(status, subjects, limit, "DESC");
    }

    /** The parked rows of these subjects, oldest first (the order to run them again), at most {@code limit}. */
    public List<Row> parked(Collection<String> subjects, int limit) {
        return rows("PARKED", subjects, limit, "ASC");
    }

    private List<Row> rows(String status, Collection<String> subjects, int limit, String order) {
        StringBuilder sql = new StringBuilder("SELECT * FROM inbox_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (subjects != null) {
            if (subjects.isEmpty()) {
                return List.of();
            }
            sql.append(" AND subject IN (").append(String.join(", ", subjects.stream().map(s -> "?").toList())).append(')');
            args.addAll(subjects);
        }
        sql.append(" ORDER BY id ").append(order).append(" FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** How many rows have each status; every status of {@link #STATUSES} is present, zero when none. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATUSES.forEach(status -> counts.put(status, 0L));
        jdbc.query("SELECT status, COUNT(*) FROM inbox_event GROUP BY status",
                (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    /**
     * Puts a parked event back in the queue: PENDING, due now, its attempts counted from zero again. Its
     * {@code last_error} stays until an attempt fails again, so the operator still sees why it was parked.
     *
     * @return false when the row is not parked (any more), e.g. replayed twice at once
     */
    public boolean requeueParked(long id) {
        return jdbc.update("UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?, locked_until = NULL,"
                + " finished_at = NULL WHERE id = ? AND status = 'PARKED'", now(), id) == 1;
    }

    /**
     * Makes waiting events due now when the reason they wait (their {@code last_error}, as
     * {@link #postpone} wrote it) starts with one of {@code reasonPrefixes}: e.g. every event postponed
     * by a pause of Pipedrive calls, once an operator has ended the pause.
     *
     * @return how many events are due now
     */
    public int dueNowIfWaitingFor(Collection<String> reasonPrefixes) {
        if (reasonPrefixes.isEmpty()) {
            return 0;
        }
        Timestamp now = now();
        StringBuilder sql = new StringBuilder("UPDATE inbox_event SET next_attempt_at = ?"
                + " WHERE status = 'PENDING' AND next_attempt_at > ? AND (");
        List<Object> args = new ArrayList<>(List.of(now, now));
        for (String prefix : reasonPrefixes) {
            sql.append(args.size() > 2 ? " OR " : "").append("last_error LIKE ? ESCAPE '!'");
            args.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return jdbc.update(sql.append(')').toString(), args.toArray());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String truncate(String text) {
        String value = text == null ? "" : text;
        return value.length() <= MAX_ERROR_LENGTH ? value : value.substring(0, MAX_ERROR_LENGTH);
    }
}
