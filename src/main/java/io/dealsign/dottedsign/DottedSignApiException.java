package io.dealsign.dottedsign;

/**
 * DottedSign refused a request in a way that asking again will not change (a 4xx other than 429 and the
 * token errors): invalid parameters, a template the account cannot use, an action the task's status does
 * not allow. Never retried by the client.
 *
 * @see DottedSignTaskGone
 */
public class DottedSignApiException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;
    private final String errorKey;

    /**
     * @param errorCode DottedSign's six-digit {@code error_code} (its first three digits are the HTTP
     *                  status), or 0 when the answer carried none
     * @param errorKey  DottedSign's {@code error_key} such as {@code invalid_params}, or null
     */
    public DottedSignApiException(int httpStatus, int errorCode, String errorKey, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.errorKey = errorKey;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** DottedSign's six-digit code, or 0 when the answer carried none. */
    public int errorCode() {
        return errorCode;
    }

    /** DottedSign's {@code error_key}, or null when the answer carried none. */
    public String errorKey() {
        return errorKey;
    }
}
