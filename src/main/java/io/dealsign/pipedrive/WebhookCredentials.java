package io.dealsign.pipedrive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP Basic credentials Pipedrive sends with each webhook (the only authentication it offers),
 * compared in constant time: both sides are hashed first, so neither content nor length leaks.
 */
public final class WebhookCredentials {

    public enum Verdict { ACCEPTED, MISSING, WRONG }

    private final byte[] expectedUser;
    private final byte[] expectedPassword;

    public WebhookCredentials(String username, String password) {
        this.expectedUser = sha256(username == null ? "" : username);
        this.expectedPassword = sha256(password == null ? "" : password);
    }

    public Verdict check(String authorizationHeader, boolean configured) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Verdict.MISSING;
        }
        if (!configured || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Verdict.WRONG;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.WRONG;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Verdict.WRONG;
        }
        boolean userMatches = MessageDigest.isEqual(expectedUser, sha256(decoded.substring(0, colon)));
        boolean passwordMatches = MessageDigest.isEqual(expectedPassword, sha256(decoded.substring(colon + 1)));
        return userMatches & passwordMatches ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
