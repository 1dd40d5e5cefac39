package io.dealsign.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /**
     * How request bodies are read: one JSON value and nothing after it, and no field given twice (a
     * sender never does that, and two readers of one body must not see different values).
     */
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Timestamps below this are epoch seconds, above it epoch milliseconds (year 2286 vs 1970-04). */
    private static final long EPOCH_MILLIS_THRESHOLD = 10_000_000_000L;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Json() {
    }

    /**
     * Reads a request body strictly (see {@link #STRICT}). The exception's message says what is wrong
     * and where, without repeating the body.
     */
    public static JsonNode parse(byte[] body) throws InvalidJsonException {
        if (body == null || body.length == 0) {
            throw new InvalidJsonException("the body is empty");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidJsonException("the body is not acceptable JSON: " + firstSentence(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? ": " + firstSentence(e.getOriginalMessage()) : "";
            throw new InvalidJsonException("the body is not valid JSON" + where + why);
        } catch (Exception e) {
            throw new InvalidJsonException("the body is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidJsonException("the body is empty");
        }
        return root;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "";
        }
        String first = message.split("[\\r\\n]", 2)[0];
        int cut = first.indexOf(" (");
        first = cut > 0 ? first.substring(0, cut) : first;
        return first.length() <= 120 ? first : first.substring(0, 120) + "...";
    }

    /** What a node is, in the words of an error message: object, array, string, number, boolean, null. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
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

    /** An id given as a whole number or as a string of digits that fits a long; anything else is empty. */
    public static Optional<Long> asId(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? Optional.of(value.asLong()) : Optional.empty();
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

    /** An id as {@link #asId}, greater than zero: what every Pipedrive and DottedSign id is. */
    public static Optional<Long> positiveId(JsonNode node, String name) {
        return id(node, name).filter(id -> id > 0);
    }

    public static Optional<Instant> instant(JsonNode node, String name) {
        return field(node, name).flatMap(Json::asInstant);
    }

    /** A time as epoch seconds, epoch milliseconds or ISO-8601; empty for anything else, however odd. */
    public static Optional<Instant> asInstant(JsonNode value) {
        try {
            return readInstant(value);
        } catch (DateTimeException | ArithmeticException | NumberFormatException outOfRange) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> readInstant(JsonNode value) {
        if (value.isNumber()) {
            if (value.isIntegralNumber() && !value.canConvertToLong()) {
                return Optional.empty();
            }
            long number = value.asLong();
            return Optional.of(number < EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number));
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        if (text.length() > 64) {
            return Optional.empty();
        }
        if (DIGITS.matcher(text).matches()) {
            return readInstant(MAPPER.getNodeFactory().numberNode(Long.parseLong(text)));
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
