package io.dealsign.pipedrive;

/**
 * Pipedrive refused a call, and repeating it unchanged would not help: a 4xx other than 429 (and other
 * than Cloudflare's HTML 403), or an answer with {@code success:false}, or an answer that is not the
 * JSON we expect. {@code error} and {@code errorInfo} are Pipedrive's own fields when it sent them.
 */
public class PipedriveApiException extends RuntimeException {

    private final int httpStatus;
    private final String error;
    private final String errorInfo;

    public PipedriveApiException(int httpStatus, String error, String errorInfo) {
        super("Pipedrive answered " + httpStatus + ": " + error + (errorInfo == null ? "" : " (" + errorInfo + ")"));
        this.httpStatus = httpStatus;
        this.error = error;
        this.errorInfo = errorInfo;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    public String errorInfo() {
        return errorInfo;
    }
}
