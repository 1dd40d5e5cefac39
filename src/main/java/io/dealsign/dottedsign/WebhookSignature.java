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
import java.util.Locale;

/**
 * Checks DottedSign's {@code Signature} header against the raw body, keyed with the client secret.
 * DottedSign documents "the payload encoded with the client secret using sha256" and no more, so the
 * encoding is a setting: HMAC-SHA256 as lowercase hex or base64, or an HS256 JWT whose claims must be
 * the body. Comparisons are constant-time.
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

    /** True when the header proves the body came from the holder of the client secret. */
    public boolean verify(byte[] rawBody, String header) {
        if (!isConfigured() || header == null || header.isBlank()) {
            return false;
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "sha256=", 0, 7)) {
            value = value.substring(7);
        }
        return switch (mode) {
            case HEX -> MessageDigest.isEqual(HexFormat.of().formatHex(hmac(rawBody)).getBytes(StandardCharsets.US_ASCII),
                    value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            case BASE64 -> MessageDigest.isEqual(Base64.getEncoder().encode(hmac(rawBody)),
                    value.getBytes(StandardCharsets.US_ASCII));
            case JWT -> verifyJwt(rawBody, value);
        };
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
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
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
