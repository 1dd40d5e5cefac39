package io.dealsign.simulator.pipedrive;

/**
 * A request the simulator refuses, with the HTTP status Pipedrive would answer. The REST layer turns
 * it into {@code {success:false, error, error_info}}; Java callers of the control API see it as is.
 */
public final class PipedriveApiException extends RuntimeException {

    private final int status;

    public PipedriveApiException(int status, String error) {
        super(error);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static PipedriveApiException badRequest(String error) {
        return new PipedriveApiException(400, error);
    }

    static PipedriveApiException notFound(String error) {
        return new PipedriveApiException(404, error);
    }
}
