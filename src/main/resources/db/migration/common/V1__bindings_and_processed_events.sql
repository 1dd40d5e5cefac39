-- One row per Pipedrive deal the service has acted on: the deal <-> task binding, the last statuses
-- seen on both sides, and why a deal has no task when it has none. Written by the same SQL on H2
-- and PostgreSQL.
CREATE TABLE binding (
    deal_id      BIGINT       NOT NULL PRIMARY KEY,
    task_id      BIGINT,
    task_status  VARCHAR(32),
    deal_status  VARCHAR(32),
    state        VARCHAR(32)  NOT NULL,
    reason       VARCHAR(1000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT binding_task_unique UNIQUE (task_id)
);

-- Camel's JDBC idempotent repository (camel-sql JdbcMessageIdRepository), with its default table
-- name and columns. Created here rather than by the repository so that both databases get it from
-- the same versioned migration; the (processorName, messageId) key is what makes two concurrent
-- deliveries of one event safe.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
