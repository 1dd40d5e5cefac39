package io.dealsign.binding;

import java.time.Instant;

/**
 * What the service knows of one deal: the task bound to it (if any), both statuses as last seen,
 * where the pair stands ({@link State}), why when the deal has no task, and the last outcome already
 * written to the deal ({@code completed}, {@code declined}, ... or {@code no-signer-note}), so that
 * each is written once.
 */
public record Binding(long dealId, Long taskId, String taskStatus, String dealStatus, State state, String reason,
                      String outcomeApplied, Instant createdAt, Instant updatedAt) {

    public enum State {
        /** A task is bound to the deal. */
        BOUND,
        /** The deal gets no task: its person or e-mail is missing (see reason). */
        NO_SIGNER,
        /** The deal does not meet the contract condition. */
        NOT_SELECTED,
        /** DottedSign refused the task (see reason). */
        FAILED,
        /** The deal was deleted; its task was voided, discarded or left as it was. */
        DEAL_DELETED,
        /** The deal was merged into another deal that already had its own task. */
        MERGED
    }

    public boolean hasTask() {
        return taskId != null;
    }
}
