package io.dealsign.webhook;

import io.dealsign.dottedsign.DottedSignSettings.SignatureMode;
import io.dealsign.dottedsign.WebhookSignature;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The DottedSign signature check in each mode, with the encodings a sender might use, and what it refuses. */
class WebhookSignatureTest {

    private static final String SECRET = "client-secret";
    private static final byte[] BODY = "{\"resource_id\":1,\"action_name\":\"completed\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] hmac(byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data);
    }

    @Test
    void should_accept_hex_in_either_case_with_or_without_a_prefix_and_refuse_anything_else() throws Exception {
        WebhookSignature hex = new WebhookSignature(SignatureMode.HEX, SECRET);
        String signature = HexFormat.of().formatHex(hmac(BODY));

        assertThat(hex.verify(BODY, signature)).isTrue();
        assertThat(hex.verify(BODY, " " + signature.toUpperCase(Locale.ROOT) + " ")).isTrue();
        assertThat(hex.verify(BODY, "sha256=" + signature)).isTrue();
        assertThat(hex.verify(BODY, signature.substring(2))).isFalse();
        assertThat(hex.verify(BODY, signature + "00")).isFalse();
        assertThat(hex.verify(BODY, "zz" + signature.substring(2))).isFalse();
        assertThat(hex.verify(BODY, "")).isFalse();
        assertThat(hex.verify(BODY, null)).isFalse();
        assertThat(hex.verify((new String(BODY) + " ").getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(hex.verify(BODY, Base64.getEncoder().encodeToString(hmac(BODY)))).isFalse();
    }

    @Test
    void should_accept_base64_standard_or_url_safe_padded_or_not() throws Exception {
        WebhookSignature base64 = new WebhookSignature(SignatureMode.BASE64, SECRET);
        byte[] mac = hmac(BODY);

        assertThat(base64.verify(BODY, Base64.getEncoder().encodeToString(mac))).isTrue();
        assertThat(base64.verify(BODY, Base64.getUrlEncoder().withoutPadding().encodeToString(mac))).isTrue();
        assertThat(base64.verify(BODY, "sha256=" + Base64.getEncoder().encodeToString(mac))).isTrue();
        assertThat(base64.verify(BODY, Base64.getEncoder().encodeToString(hmac("other".getBytes())))).isFalse();
        assertThat(base64.verify(BODY, "not base64 at all!")).isFalse();
    }

    @Test
    void should_accept_an_hs256_jwt_whose_claims_are_the_body_and_refuse_other_algorithms() throws Exception {
        WebhookSignature jwt = new WebhookSignature(SignatureMode.JWT, SECRET);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(BODY);
        String token = header + "." + claims + "." + url.encodeToString(hmac((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
        String none = url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + claims + ".";

        assertThat(jwt.verify(BODY, token)).isTrue();
        assertThat(jwt.verify("{\"resource_id\":2}".getBytes(StandardCharsets.UTF_8), token)).isFalse();
        assertThat(jwt.verify(BODY, none)).isFalse();
        assertThat(jwt.verify(BODY, "a.b")).isFalse();
        assertThat(jwt.verify(BODY, "%%%.%%%.%%%")).isFalse();
    }

    @Test
    void should_refuse_every_signature_while_no_client_secret_is_set() throws Exception {
        WebhookSignature unset = new WebhookSignature(SignatureMode.HEX, "");

        assertThat(unset.isConfigured()).isFalse();
        assertThat(unset.verify(BODY, HexFormat.of().formatHex(hmac(BODY)))).isFalse();
    }
}
