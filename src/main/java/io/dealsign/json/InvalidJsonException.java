package io.dealsign.json;

/** Input that cannot be read as the JSON we expect; the message says why, for a 400 answer. */
public class InvalidJsonException extends Exception {
    public InvalidJsonException(String reason) {
        super(reason);
    }
}
