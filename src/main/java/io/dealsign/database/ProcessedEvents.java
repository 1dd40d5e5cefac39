package io.dealsign.database;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

import javax.sql.DataSource;

/**
 * Camel's JDBC idempotent repository over the CAMEL_MESSAGEPROCESSED table that our migrations
 * create. The processor name separates the key spaces (one per event source).
 */
public final class ProcessedEvents extends JdbcMessageIdRepository {

    // The (DataSource, name) constructor is the one that wires the JDBC templates; the no-arg
    // constructor plus setDataSource leaves them null.
    private ProcessedEvents(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        setCreateTableIfNotExists(false);
    }

    public static ProcessedEvents repository(DataSource dataSource, String processorName) {
        return new ProcessedEvents(dataSource, processorName);
    }

    /**
     * Camel 4.18 checks, then inserts: when two deliveries of one event race past the check, the
     * primary key stops the second insert and Camel throws. That loser is a duplicate, not an error.
     */
    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }
}
