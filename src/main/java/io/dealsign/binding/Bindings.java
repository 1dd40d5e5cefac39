package io.dealsign.binding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * The binding table (deal <-> task) and the signed files of each task. Flows call these methods as
 * a bean named {@code bindings}; every write is an upsert or a conditional update, so running a flow
 * again for the same event changes nothing.
 */
public class Bindings {

    private static final Logger LOG = LoggerFactory.getLogger(Bindings.class);
    private static final int MAX_REASON_LENGTH = 1000;

    private static final RowMapper<Binding> BINDING = (rs, row) -> new Binding(rs.getLong("deal_id"),
            (Long) rs.getObject("task_id", Long.class), rs.getString("task_status"), rs.getString("deal_status"),
            Binding.State.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("outcome_applied"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Bindings(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** The binding of a deal, or null. */
    public Binding forDeal(long dealId) {
        return jdbc.query("SELECT * FROM binding WHERE deal_id = ?", BINDING, dealId).stream().findFirst().orElse(null);
    }

    /** The binding of a task, or null. */
    public Binding forTask(long taskId) {
        return jdbc.query("SELECT * FROM binding WHERE task_id = ?", BINDING, taskId).stream().findFirst().orElse(null);
    }

    public List<Binding> all() {
        return jdbc.query("SELECT * FROM binding ORDER BY updated_at DESC", BINDING);
    }

    /** The {@code limit} bindings changed last, newest first; only those in {@code state} unless it is null. */
    public List<Binding> latest(Binding.State state, int limit) {
        String where = state == null ? "" : " WHERE state = ?";
        Object[] args = state == null ? new Object[0] : new Object[] {state.name()};
        return jdbc.query("SELECT * FROM binding" + where + " ORDER BY updated_at DESC, deal_id DESC FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", BINDING, args);
    }

    /** Records that this task is the deal's: the deal's row says BOUND with the task and its status. */
    public Binding bind(long dealId, long taskId, String taskStatus) {
        transaction.executeWithoutResult(tx -> {
            Timestamp now = now();
            int updated = jdbc.update("UPDATE binding SET task_id = ?, task_status = ?, state = 'BOUND', reason = NULL,"
                    + " updated_at = ? WHERE deal_id = ?", taskId, taskStatus, now, dealId);
            if (updated == 0) {
                jdbc.update("INSERT INTO binding (deal_id, task_id, task_status, state, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'BOUND', ?, ?)", dealId, taskId, taskStatus, now, now);
            }
        });
        LOG.debug("Deal {} bound to task {} ({})", dealId, taskId, taskStatus);
        return forDeal(dealId);
    }

    /** Records why the deal has no task (NO_SIGNER, NOT_SELECTED, FAILED). A bound deal keeps its task. */
    public Binding withoutTask(long dealId, String state, String reason) {
        Binding.State newState = Binding.State.valueOf(state);
        Timestamp now = now();
        String why = truncate(reason);
        int updated = jdbc.update("UPDATE binding SET state = ?, reason = ?, updated_at = ? WHERE deal_id = ? AND task_id IS NULL",
                newState.name(), why, now, dealId);
        if (updated == 0 && forDeal(dealId) == null) {
            try {
                jdbc.update("INSERT INTO binding (deal_id, state, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        dealId, newState.name(), why, now, now);
            } catch (DuplicateKeyException concurrentlyCreated) {
                return withoutTask(dealId, state, reason);
            }
        }
        return forDeal(dealId);
    }

    public void taskStatus(long taskId, String status) {
        jdbc.update("UPDATE binding SET task_status = ?, updated_at = ? WHERE task_id = ?", status, now(), taskId);
    }

    public void dealStatus(long dealId, String status) {
        jdbc.update("UPDATE binding SET deal_status = ?, updated_at = ? WHERE deal_id = ?", status, now(), dealId);
    }

    /** The deal is gone; its task (found by the binding or by metadata) ends in {@code taskStatus}. */
    public void dealDeleted(long dealId, long taskId, String taskStatus, String reason) {
        bind(dealId, taskId, taskStatus);
        jdbc.update("UPDATE binding SET state = 'DEAL_DELETED', deal_status = 'deleted', reason = ?, updated_at = ?"
                + " WHERE deal_id = ?", truncate(reason), now(), dealId);
    }

    public boolean isDealDeleted(long dealId) {
        Binding binding = forDeal(dealId);
        return binding != null && binding.state() == Binding.State.DEAL_DELETED;
    }

    /**
     * A merge moved the deal into {@code survivorDealId}: its task goes with it, unless the survivor
     * already has a task of its own, in which case the merged deal's row says MERGED.
     * @return true when the task moved
     */
    public boolean moveToSurvivor(long mergedDealId, long survivorDealId) {
        Boolean moved = transaction.execute(tx -> {
            Binding survivor = forDeal(survivorDealId);
            if (survivor != null && survivor.hasTask()) {
                jdbc.update("UPDATE binding SET state = 'MERGED', reason = ?, updated_at = ? WHERE deal_id = ?",
                        "merged into deal " + survivorDealId + ", which has task " + survivor.taskId(), now(), mergedDealId);
                return false;
            }
            if (survivor != null) {
                jdbc.update("DELETE FROM binding WHERE deal_id = ?", survivorDealId);
            }
            return jdbc.update("UPDATE binding SET deal_id = ?, reason = ?, updated_at = ? WHERE deal_id = ?",
                    survivorDealId, "moved from deal " + mergedDealId + " by a merge", now(), mergedDealId) == 1;
        });
        return Boolean.TRUE.equals(moved);
    }

    /** Whether this outcome (completed, declined, ...) has already been applied to the deal. */
    public boolean outcomeApplied(long dealId, String outcome) {
        Binding binding = forDeal(dealId);
        return binding != null && outcome.equals(binding.outcomeApplied());
    }

    public boolean outcomePending(long dealId, String outcome) {
        return !outcomeApplied(dealId, outcome);
    }

    public void outcomeDone(long dealId, String outcome) {
        jdbc.update("UPDATE binding SET outcome_applied = ?, updated_at = ? WHERE deal_id = ?", outcome, now(), dealId);
    }

    // --- signed files ---------------------------------------------------------------------------------

    /** The Pipedrive file id of this task's signed file of this type, once attached; else null. */
    public Long attachedFile(long taskId, String fileType) {
        return jdbc.query("SELECT pipedrive_file_id FROM signed_file WHERE task_id = ? AND file_type = ? AND attached_at IS NOT NULL",
                (rs, row) -> rs.getLong(1), taskId, fileType).stream().findFirst().orElse(null);
    }

    public boolean isAttached(long taskId, String fileType) {
        return attachedFile(taskId, fileType) != null;
    }

    public void fileArchived(long taskId, String fileType, long dealId, String fileName, String archivePath) {
        int updated = jdbc.update("UPDATE signed_file SET archive_path = ?, deal_id = ?, file_name = ? WHERE task_id = ? AND file_type = ?",
                archivePath, dealId, fileName, taskId, fileType);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO signed_file (task_id, file_type, deal_id, file_name, archive_path) VALUES (?, ?, ?, ?, ?)",
                        taskId, fileType, dealId, fileName, archivePath);
            } catch (DuplicateKeyException concurrentlyInserted) {
                fileArchived(taskId, fileType, dealId, fileName, archivePath);
            }
        }
    }

    public void fileAttached(long taskId, String fileType, long pipedriveFileId) {
        jdbc.update("UPDATE signed_file SET pipedrive_file_id = ?, attached_at = ? WHERE task_id = ? AND file_type = ?",
                pipedriveFileId, now(), taskId, fileType);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH);
    }
}
