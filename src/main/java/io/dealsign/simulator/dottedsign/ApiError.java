package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;

/**
 * An error answer in DottedSign's shape: {@code {error_code, error_key, error_message}}, where the first
 * three digits of the six-digit code are the HTTP status. Thrown by request handling, turned into the
 * response in one place.
 */
final class ApiError extends RuntimeException {

    private final int code;
    private final String key;

    ApiError(int code, String key, String message) {
        super(message, null, false, false);
        if (code < 100_000 || code > 599_999) {
            throw new IllegalArgumentException("a DottedSign error code has six digits: " + code);
        }
        this.code = code;
        this.key = key;
    }

    int httpStatus() {
        return code / 1000;
    }

    JsonObject toJson() {
        return body(code, key, getMessage());
    }

    static JsonObject body(int code, String key, String message) {
        return new JsonObject().put("error_code", code).put("error_key", key).put("error_message", message);
    }

    static ApiError invalidParams(String message) {
        return new ApiError(400417, "invalid_params", message);
    }

    static ApiError invalidToken() {
        return new ApiError(400002, "invalid_token", "the access token is invalid or expired");
    }

    static ApiError invalidClient() {
        return new ApiError(400005, "invalid_client", "client authentication failed: unknown client_id or wrong client_secret");
    }

    /** ASSUMED code: DottedSign only documents that a missing or invalid authentication is a 401. */
    static ApiError unauthorized(String message) {
        return new ApiError(401001, "unauthorized", message);
    }

    static ApiError taskDeleted(long taskId) {
        return new ApiError(400033, "task_deleted", "task " + taskId + " has been deleted");
    }

    /** ASSUMED code: DottedSign's error table is truncated before any 404 entry. */
    static ApiError taskNotFound(long taskId) {
        return new ApiError(404001, "task_not_found", "task " + taskId + " not found");
    }

    static ApiError invalidAction(String message) {
        return new ApiError(403002, "invalid_action", message);
    }

    static ApiError overMonthlyTaskUsage(int quota) {
        return new ApiError(403032, "over_monthly_task_usage", "the monthly task quota of " + quota + " is used up");
    }

    static ApiError templateNotAccessible(long templateId) {
        return new ApiError(403044, "template_not_accessible", "template " + templateId + " is not owned by or shared with this member");
    }

    static ApiError tooManyRequests() {
        return new ApiError(429001, "too_many_requests", "rate limit exceeded, slow down");
    }

    /** ASSUMED code for a path the API does not have. */
    static ApiError routeNotFound(String method, String path) {
        return new ApiError(404000, "not_found", "no such endpoint: " + method + " " + path);
    }

    static ApiError internal(String message) {
        return new ApiError(500000, "internal_server_error", message);
    }
}
