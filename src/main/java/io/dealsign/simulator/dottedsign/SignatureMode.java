package io.dealsign.simulator.dottedsign;

import java.util.Locale;

/**
 * How the {@code Signature} header of a webhook is made. DottedSign only says the JSON payload is
 * "encoded with the client secret using sha256"; each plausible reading is a mode.
 */
public enum SignatureMode {
    /** Lowercase hex HMAC-SHA256 of the raw body bytes, keyed with the client secret (the contract's default). */
    HEX,
    /** The same HMAC-SHA256, base64 (standard alphabet, padded). */
    BASE64,
    /** An HS256 JWT whose payload is the event JSON (the exact body bytes), signed with the client secret. */
    JWT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignatureMode fromName(String name) {
        for (SignatureMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("signature mode is hex, base64 or jwt, not " + name);
    }
}
