package io.dealsign.pipedrive;

/**
 * Pipedrive could not be reached or kept failing (5xx, connection refused, no answer in time) after
 * this client's retries. A retryable failure: the event that needed the call counts an attempt and is
 * tried again later.
 */
public class PipedriveUnavailable extends RuntimeException {

    public PipedriveUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
