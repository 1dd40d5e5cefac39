package io.dealsign.simulator.dottedsign;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-signed-like download links, the way DottedSign hands out S3 URLs: the path names a random object
 * key, the query carries an expiry and a signature, and the link needs no token. A link whose query
 * string was dropped or altered is refused, and so is an expired one, so a client has to use the URL
 * exactly as given and at once.
 */
final class DownloadLinks {

    /** One generated file behind a link. */
    record StoredFile(byte[] bytes, Instant expiresAt, String signature) { }

    /** Why a link did not give its file. */
    enum Refusal { NO_SUCH_KEY, BAD_SIGNATURE, EXPIRED }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration FORGET_AFTER_EXPIRY = Duration.ofHours(1);
    private final byte[] signingKey = new byte[32];
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Clock clock;

    DownloadLinks(Clock clock) {
        this.clock = clock;
        RANDOM.nextBytes(signingKey);
    }

    /** Stores the file and answers the path and query of its link (to be put after the base URL). */
    String publish(byte[] bytes, Duration lifetime) {
        byte[] keyBytes = new byte[16];
        RANDOM.nextBytes(keyBytes);
        String key = HexFormat.of().formatHex(keyBytes);
        String signature = HexFormat.of().formatHex(
                WebhookSigner.hmacSha256(HexFormat.of().formatHex(signingKey), key.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Instant now = clock.instant();
        // Forget files an hour after their link expired: until then an old link still says "expired".
        files.values().removeIf(file -> now.isAfter(file.expiresAt().plus(FORGET_AFTER_EXPIRY)));
        files.put(key, new StoredFile(bytes, now.plus(lifetime), signature));
        return "/_files/" + key + ".pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=" + lifetime.toSeconds()
                + "&X-Amz-Signature=" + signature;
    }

    /** The file for a request on {@code /_files/<key>.pdf}, or why not. */
    Result open(String fileName, String signature) {
        String key = fileName.endsWith(".pdf") ? fileName.substring(0, fileName.length() - 4) : fileName;
        StoredFile file = files.get(key);
        if (file == null) {
            return new Result(Optional.empty(), Refusal.NO_SUCH_KEY);
        }
        if (signature == null || !signature.equals(file.signature())) {
            return new Result(Optional.empty(), Refusal.BAD_SIGNATURE);
        }
        if (!clock.instant().isBefore(file.expiresAt())) {
            return new Result(Optional.empty(), Refusal.EXPIRED);
        }
        return new Result(Optional.of(file.bytes()), null);
    }

    /** Either the bytes or the refusal. */
    record Result(Optional<byte[]> bytes, Refusal refusal) { }

    void clear() {
        files.clear();
    }
}
