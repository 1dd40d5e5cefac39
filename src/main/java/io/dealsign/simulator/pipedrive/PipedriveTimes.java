package io.dealsign.simulator.pipedrive;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The three ways Pipedrive writes a time, kept in one place so every payload agrees. */
final class PipedriveTimes {

    /** v1 REST bodies and v1 webhooks: {@code 2024-01-01 10:20:00}, UTC. */
    private static final DateTimeFormatter V1 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** v2 webhook meta: ISO-8601 with milliseconds, as in the docs' example {@code 2022-11-24T15:11:55.724Z}. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PipedriveTimes() {
    }

    /** v2 REST bodies: RFC 3339 in UTC with whole seconds, e.g. {@code 2024-01-01T10:20:00Z}. */
    static String rfc3339(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String v1(Instant instant) {
        return instant == null ? null : V1.format(instant);
    }

    static String isoMillis(Instant instant) {
        return MILLIS.format(instant);
    }

    /** Parses an RFC 3339 query value such as {@code updated_since}; throws on anything else. */
    static Instant parseRfc3339(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 date-time: " + text, e);
        }
    }
}
