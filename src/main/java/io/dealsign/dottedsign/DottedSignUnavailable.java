package io.dealsign.dottedsign;

/**
 * DottedSign could not be used just now: a 5xx, no connection, no answer in time, or an answer that is
 * not what the API sends. Retried by the client a few times with backoff; a caller that sees it may try
 * again later (the inbox counts it as a failed attempt).
 */
public class DottedSignUnavailable extends RuntimeException {

    private final boolean mayHaveBeenProcessed;

    /**
     * @param mayHaveBeenProcessed true when the request may have reached DottedSign and been carried out
     *                             although no success came back (a 5xx, a response timeout, a broken
     *                             answer); false when it surely was not (no connection could be made)
     */
    public DottedSignUnavailable(String message, Throwable cause, boolean mayHaveBeenProcessed) {
        super(message, cause);
        this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    public boolean mayHaveBeenProcessed() {
        return mayHaveBeenProcessed;
    }
}
