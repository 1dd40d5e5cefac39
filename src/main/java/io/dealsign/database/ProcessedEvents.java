package io.dealsign.database;

import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataAccessResourceFailureException;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Camel's JDBC idempotent repository over the CAMEL_MESSAGEPROCESSED table that our migrations
 * create. The processor name separates the key spaces (one per event source). Camel's own statements
 * and table are used throughout; only the commit of an added key is shared with the other writes
 * waiting at that moment ({@link GroupCommit}), and the webhook intake commits the key in the same
 * transaction as the event it marks.
 */
public final class ProcessedEvents extends JdbcMessageIdRepository {

    private static final String ADDED_KEY = "dealsignProcessedEventKeyAdded";

    private final GroupCommit writes;

    // The (DataSource, name) constructor is the one that wires the JDBC templates; the no-arg
    // constructor plus setDataSource leaves them null.
    private ProcessedEvents(DataSource dataSource, GroupCommit writes, String processorName) {
        super(dataSource, processorName);
        this.writes = writes;
        setCreateTableIfNotExists(false);
    }

    public static ProcessedEvents repository(DataSource dataSource, GroupCommit writes, String processorName) {
        return new ProcessedEvents(dataSource, writes, processorName);
    }

    /**
     * Adds the key, committed before this returns. Camel's own add checks, then inserts, in a transaction
     * of its own; here the insert alone decides, through the table's primary key, so that two deliveries of
     * one event racing past the idempotent consumer's check still add the key once: the loser is a
     * duplicate (false), not an error.
     */
    @Override
    public boolean add(String key) {
        try {
            writes.write(insertion(key));
            return true;
        } catch (SQLException e) {
            if (GroupCommit.isUniqueViolation(e)) {
                return false;
            }
            throw new DataAccessResourceFailureException("the processed event's key could not be stored: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The idempotent consumer adds the key once its block is done; a key that the block already committed
     * with the event ({@link #insertion(String)}, {@link #addedWith(Exchange, String)}) is not written again.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        return key.equals(exchange.getProperty(ADDED_KEY, String.class)) || add(key);
    }

    /**
     * The key's insert, for a write that commits it together with what it marks (the webhook intake: the
     * inbox row and its key in one commit, so that neither is ever stored without the other).
     */
    public GroupCommit.Write<Integer> insertion(String key) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        return connection -> {
            try (PreparedStatement insert = connection.prepareStatement(getInsertString())) {
                insert.setString(1, processorName);
                insert.setString(2, key);
                insert.setTimestamp(3, now);
                return insert.executeUpdate();
            }
        };
    }

    /** Records on the exchange that {@code key} was committed by {@link #insertion(String)}. */
    public static void addedWith(Exchange exchange, String key) {
        exchange.setProperty(ADDED_KEY, key);
    }
}
