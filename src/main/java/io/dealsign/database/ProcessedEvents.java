package io.dealsign.database;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import javax.sql.DataSource;

/**
 * Camel's JDBC idempotent repository over the CAMEL_MESSAGEPROCESSED table that our migrations
 * create. The processor name separates the key spaces (one per event source).
 */
public final class ProcessedEvents {

    private ProcessedEvents() {
    }

    public static JdbcMessageIdRepository repository(DataSource dataSource, String processorName) {
        // The (DataSource, name) constructor is the one that wires the JDBC templates; the no-arg
        // constructor plus setDataSource leaves them null.
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, processorName);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
