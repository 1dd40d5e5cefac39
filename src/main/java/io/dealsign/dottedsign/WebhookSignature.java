package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks DottedSign's {@code Signature} header against the raw body, keyed with the client secret.
 * DottedSign documents "the payload encoded with the client secret using sha256" and no more, so the
 * encoding is a setting: HMAC-SHA256 as lowercase hex or base64, or an HS256 JWT whose claims must be
 * the body. Comparisons are constant-time: the HMAC bytes are compared whole, never as text.
 */
public final class WebhookSignature {

    private final DottedSignSettings.SignatureMode mode;
    private final byte[] secret;

    public WebhookSignature(DottedSignSettings.SignatureMode mode, String clientSecret) {
        this.mode = mode;
        this.secret = clientSecret == null ? new byte[0] : clientSecret.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isConfigured() {
        return secret.length > 0;
    }

    /**
     * True when the header proves the body came from the holder of the client secret. The header is
     * decoded (hex in either case; base64 standard or URL-safe, padded or not) and the bytes compared
     * with the expected HMAC by {@link MessageDigest#isEqual}, which takes the same time wherever they
     * differ. Decoding only looks at the sender's own header, so its timing reveals nothing secret.
     */
    public boolean verify(byte[] rawBody, String header) {
        if (!isConfigured() || header == null || header.isBlank() || rawBody == null) {
            return false;
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "sha256=", 0, 7)) {
            value = value.substring(7);
        }
        return switch (mode) {
            case HEX -> MessageDigest.isEqual(hmac(rawBody), decodeHex(value));
            case BASE64 -> MessageDigest.isEqual(hmac(rawBody), decodeBase64(value));
            case JWT -> verifyJwt(rawBody, value);
        };
    }

    private static byte[] decodeHex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException notHex) {
            return new byte[0];
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            // The basic decoder accepts the padding or its absence; URL-safe letters are mapped onto it.
            return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private boolean verifyJwt(byte[] rawBody, String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"HS256".equals(Json.text(header, "alg").orElse(""))) {
                return false;
            }
            byte[] expected = hmac((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            byte[] given = decodeBase64(parts[2]);
            if (!MessageDigest.isEqual(expected, given)) {
                return false;
            }
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.equals(Json.MAPPER.readTree(rawBody));
        } catch (Exception malformed) {
            return false;
        }
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
