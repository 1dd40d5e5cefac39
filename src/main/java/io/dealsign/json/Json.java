package io.dealsign.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * One JSON configuration for the whole service, and the tolerant readers every parser uses: ids as
 * numbers or strings, timestamps as epoch seconds, epoch milliseconds or ISO-8601, missing optional
 * fields as empty (the contract's tolerance rules).
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Timestamps below this are epoch seconds, above it epoch milliseconds (year 2286 vs 1970-04). */
    private static final long EPOCH_MILLIS_THRESHOLD = 10_000_000_000L;
    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Json() {
    }

    public static JsonNode parse(byte[] body) throws InvalidJsonException {
        if (body == null || body.length == 0) {
            throw new InvalidJsonException("the body is empty");
        }
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new InvalidJsonException("the body is not valid JSON");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    /** A child that is present and not JSON null. */
    public static Optional<JsonNode> field(JsonNode node, String name) {
        if (node == null) {
            return Optional.empty();
        }
        JsonNode child = node.get(name);
        return child == null || child.isNull() || child.isMissingNode() ? Optional.empty() : Optional.of(child);
    }

    public static Optional<String> text(JsonNode node, String name) {
        return field(node, name).filter(JsonNode::isValueNode).map(JsonNode::asText).filter(s -> !s.isBlank());
    }

    /** An id given as a number or as a string of digits. */
    public static Optional<Long> id(JsonNode node, String name) {
        return field(node, name).flatMap(Json::asId);
    }

    public static Optional<Long> asId(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static Optional<Instant> instant(JsonNode node, String name) {
        return field(node, name).flatMap(Json::asInstant);
    }

    public static Optional<Instant> asInstant(JsonNode value) {
        if (value.isNumber()) {
            long number = value.asLong();
            return Optional.of(number < EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number));
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        if (text.matches("\\d+")) {
            return asInstant(MAPPER.getNodeFactory().numberNode(Long.parseLong(text)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException notInstant) {
                try {
                    // Pipedrive v1 writes "2024-01-31 09:15:00" in UTC
                    return Optional.of(LocalDateTime.parse(text, SPACE_SEPARATED).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException unknown) {
                    return Optional.empty();
                }
            }
        }
    }
}
