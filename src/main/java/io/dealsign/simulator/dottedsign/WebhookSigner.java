package io.dealsign.simulator.dottedsign;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Computes the {@code Signature} header DottedSign puts on a webhook, over exactly the bytes sent.
 * HS256 is written out by hand (RFC 7515: base64url without padding, HMAC-SHA256 over
 * {@code header.payload}) so the simulator needs no JWT library.
 */
final class WebhookSigner {

    /** The JOSE header every HS256 JWT we sign carries, serialized once so its bytes never vary. */
    private static final byte[] JWT_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private WebhookSigner() {
    }

    static String sign(SignatureMode mode, byte[] body, String clientSecret) {
        return switch (mode) {
            case HEX -> HexFormat.of().formatHex(hmacSha256(clientSecret, body));
            case BASE64 -> Base64.getEncoder().encodeToString(hmacSha256(clientSecret, body));
            case JWT -> jwt(body, clientSecret);
        };
    }

    private static String jwt(byte[] payload, String clientSecret) {
        String signingInput = BASE64URL.encodeToString(JWT_HEADER) + "." + BASE64URL.encodeToString(payload);
        byte[] signature = hmacSha256(clientSecret, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }

    static byte[] hmacSha256(String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
