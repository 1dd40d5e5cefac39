package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /v1/sign_tasks} body. Validation follows DottedSign's documented limits; each
 * violation is a {@code 400417 invalid_params} whose message names the field.
 *
 * @param templateId null when the file came as {@code base64_file}
 */
record CreateTaskRequest(String fileName, Long templateId, List<Stage> stages, Map<String, String> metadata,
                         boolean start) {

    static final int MAX_FILE_NAME_LENGTH = 255;
    static final int MAX_METADATA_PAIRS = 10;
    static final int MAX_METADATA_KEY_LENGTH = 40;
    static final int MAX_METADATA_VALUE_LENGTH = 100;

    /** DottedSign's own pattern: none of {@code " * : < > ? / \ | ~ # % & { }}, and no leading dot. */
    static final Pattern FILE_NAME = Pattern.compile("^(?!.*[\"*:<>?/\\\\|~#%&{}])[^.].*$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    static CreateTaskRequest parse(JsonObject body) {
        return new CreateTaskRequest(fileName(body.getValue("file_name")), templateId(body), stages(body.getValue("stages")),
                metadata(body.getValue("metadata")), start(body.getValue("start")));
    }

    private static String fileName(Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw ApiError.invalidParams("file_name is required");
        }
        if (!(value instanceof String name)) {
            throw ApiError.invalidParams("file_name must be a string");
        }
        if (name.length() > MAX_FILE_NAME_LENGTH) {
            throw ApiError.invalidParams("file_name is longer than " + MAX_FILE_NAME_LENGTH + " characters");
        }
        if (!FILE_NAME.matcher(name).matches()) {
            throw ApiError.invalidParams("file_name must not start with '.' nor contain any of \" * : < > ? / \\ | ~ # % & { }");
        }
        return name;
    }

    /**
     * The file comes from exactly one of {@code template_id}, {@code base64_file} and {@code file_mission_id}.
     * File missions (multi-PDF uploads to S3) are not simulated.
     */
    private static Long templateId(JsonObject body) {
        boolean hasTemplate = body.getValue("template_id") != null;
        boolean hasFile = body.getValue("base64_file") != null;
        boolean hasMission = body.getValue("file_mission_id") != null;
        int sources = (hasTemplate ? 1 : 0) + (hasFile ? 1 : 0) + (hasMission ? 1 : 0);
        if (sources != 1) {
            throw ApiError.invalidParams("exactly one of template_id, base64_file and file_mission_id is required");
        }
        if (hasMission) {
            throw ApiError.invalidParams("file_mission_id: no such file mission (the simulator does not simulate file missions)");
        }
        if (hasFile) {
            checkPdf(body.getValue("base64_file"));
            return null;
        }
        return Params.id(body.getValue("template_id"), "template_id");
    }

    private static void checkPdf(Object value) {
        byte[] bytes;
        try {
            bytes = value instanceof String s ? Base64.getMimeDecoder().decode(s) : new byte[0];
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length < 5 || !new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw ApiError.invalidParams("base64_file must be a base64-encoded PDF");
        }
    }

    private static List<Stage> stages(Object value) {
        if (value == null) {
            throw ApiError.invalidParams("stages is required");
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw ApiError.invalidParams("stages must be a non-empty array");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject stage)) {
                throw ApiError.invalidParams("stages[" + i + "] must be an object");
            }
            String name = requiredText(stage.getValue("name"), "stages[" + i + "].name");
            String email = requiredText(stage.getValue("email"), "stages[" + i + "].email");
            if (!EMAIL.matcher(email).matches()) {
                throw ApiError.invalidParams("stages[" + i + "].email is not an email address: " + email);
            }
            stages.add(new Stage(name, email, StageStatus.WAITING));
        }
        return stages;
    }

    private static String requiredText(Object value, String field) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiError.invalidParams(field + " is required");
        }
        return text.trim();
    }

    /** Values may arrive as numbers (DottedSign's own data-binding example) or strings; stored as strings. */
    static Map<String, String> metadata(Object value) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null) {
            return metadata;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiError.invalidParams("metadata must be an object");
        }
        if (object.size() > MAX_METADATA_PAIRS) {
            throw ApiError.invalidParams("metadata has " + object.size() + " pairs; at most " + MAX_METADATA_PAIRS + " are allowed");
        }
        for (Map.Entry<String, Object> pair : object) {
            String key = pair.getKey();
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH) {
                throw ApiError.invalidParams("metadata key '" + key + "' must be 1 to " + MAX_METADATA_KEY_LENGTH + " characters");
            }
            Object raw = pair.getValue();
            if (!(raw instanceof String) && !(raw instanceof Number)) {
                throw ApiError.invalidParams("metadata." + key + " must be a string or a number");
            }
            String text = raw.toString();
            if (text.length() > MAX_METADATA_VALUE_LENGTH) {
                throw ApiError.invalidParams("metadata." + key + " is longer than " + MAX_METADATA_VALUE_LENGTH + " characters");
            }
            metadata.put(key, text);
        }
        return metadata;
    }

    private static boolean start(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw ApiError.invalidParams("start must be true or false");
    }
}
