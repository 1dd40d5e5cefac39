package io.dealsign.dottedsign;

/**
 * DottedSign refused the access token (HTTP 401, {@code 400002 invalid_token} or {@code 400003
 * invalid_member}). The client fetches a new token and retries the call once; a caller only sees this
 * when the fresh token was refused too, which points at the application's credentials or its owner's
 * membership, not at the event.
 */
public class DottedSignTokenRejected extends DottedSignApiException {

    public DottedSignTokenRejected(int httpStatus, int errorCode, String errorKey, String message) {
        super(httpStatus, errorCode, errorKey, message);
    }
}
