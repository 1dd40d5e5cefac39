package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * What a DottedSign error answer says: {@code {error_code, error_key, error_message}}, or OAuth's
 * {@code {error, error_description}} from the token endpoint. Any body at all can be read: HTML from a
 * proxy, S3's XML, nothing; what cannot be understood is simply absent.
 *
 * @param code    the six-digit {@code error_code}, or 0
 * @param key     {@code error_key} (or OAuth's {@code error}), or null
 * @param message {@code error_message} (or OAuth's {@code error_description}), shortened to one line, or null
 */
record ErrorBody(int code, String key, String message) {

    private static final int MAX_MESSAGE_LENGTH = 300;
    static final ErrorBody NONE = new ErrorBody(0, null, null);

    static ErrorBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (Exception notJson) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        // Some gateways nest the error object; DottedSign's own answers do not.
        JsonNode error = Json.field(root, "error").filter(JsonNode::isObject).orElse(root);
        int code = Json.id(error, "error_code").filter(c -> c > 0 && c <= 999_999).map(Long::intValue).orElse(0);
        String key = Json.text(error, "error_key").or(() -> Json.text(error, "error")).orElse(null);
        String message = Json.text(error, "error_message").or(() -> Json.text(error, "error_description"))
                .or(() -> Json.text(error, "message")).map(ErrorBody::oneLine).orElse(null);
        return new ErrorBody(code, key, message);
    }

    boolean hasCode(int expected) {
        return code == expected;
    }

    /** "400417 invalid_params: file_name is required", or whatever part of it the answer carried. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (code != 0) {
            text.append(code);
        }
        if (key != null) {
            text.append(text.isEmpty() ? "" : " ").append(key);
        }
        if (message != null) {
            text.append(text.isEmpty() ? "" : ": ").append(message);
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").trim();
        return flat.length() <= MAX_MESSAGE_LENGTH ? flat : flat.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
