package io.dealsign.dottedsign;

/**
 * The task does not exist at DottedSign, or was discarded ({@code 400033 task_deleted}). Final: asking
 * again gives the same answer, so it is never retried.
 */
public class DottedSignTaskGone extends DottedSignApiException {

    private final long taskId;

    public DottedSignTaskGone(long taskId, int httpStatus, int errorCode, String errorKey, String message) {
        super(httpStatus, errorCode, errorKey, message);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}
