package io.dealsign.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The admin API's one credential, {@value #SETTING}: requests must send {@code Authorization: Bearer <token>}.
 * Without a configured token the admin API is off. The comparison takes the same time whatever the
 * token sent: both sides are hashed first, so neither a matching prefix nor the length shows in the
 * timing, and the hashes are compared with {@link MessageDigest#isEqual}, which does not stop early.
 */
public final class AdminToken {

    public static final String SETTING = "sync.admin.token";
    public static final String ENVIRONMENT_VARIABLE = "SYNC_ADMIN_TOKEN";
    /** Shorter tokens are accepted, with a warning at start-up. */
    static final int RECOMMENDED_LENGTH = 24;

    public enum Verdict { MISSING, WRONG, ACCEPTED }

    private final byte[] expectedDigest;
    private final int length;

    public AdminToken(String configured) {
        String token = configured == null ? "" : configured.strip();
        this.length = token.length();
        this.expectedDigest = token.isEmpty() ? null : sha256(token);
    }

    public boolean isConfigured() {
        return expectedDigest != null;
    }

    boolean isShort() {
        return isConfigured() && length < RECOMMENDED_LENGTH;
    }

    /**
     * Checks the request's {@code Authorization} header values: exactly one, {@code Bearer} (any case)
     * and the token. More than one header is refused rather than guessed between.
     */
    public Verdict check(List<String> authorizationHeaders) {
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Verdict.MISSING;
        }
        if (!isConfigured() || authorizationHeaders.size() > 1) {
            return Verdict.WRONG;
        }
        String header = authorizationHeaders.get(0).strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Verdict.MISSING;
        }
        byte[] given = sha256(header.substring(space + 1).strip());
        return MessageDigest.isEqual(given, expectedDigest) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    /** Checks a token typed into the admin page's sign-in form, in the same constant time. */
    public boolean matches(String given) {
        return isConfigured() && given != null && !given.isBlank()
                && MessageDigest.isEqual(sha256(given.strip()), expectedDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return isConfigured() ? "AdminToken[set]" : "AdminToken[not set]";
    }
}
