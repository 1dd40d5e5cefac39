package io.dealsign.simulator.dottedsign;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Reading loosely typed request values the way a Rails API does: ids as numbers or numeric strings. */
final class Params {

    private Params() {
    }

    /** A required positive integer id, given as a JSON number or a string of digits. */
    static long requiredId(Object value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw ApiError.invalidParams(field + " is required");
        }
        return id(value, field);
    }

    static long id(Object value, String field) {
        long id;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            id = ((Number) value).longValue();
        } else if (value instanceof Number n && isWhole(n)) {
            id = n.longValue();
        } else if (value instanceof String s && s.trim().matches("\\d{1,18}")) {
            id = Long.parseLong(s.trim());
        } else {
            throw ApiError.invalidParams(field + " must be an integer, got " + value);
        }
        if (id <= 0) {
            throw ApiError.invalidParams(field + " must be a positive integer, got " + id);
        }
        return id;
    }

    /** An optional positive integer query parameter; {@code fallback} when absent. */
    static int positiveInt(String value, String field, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.trim().matches("\\d{1,9}") || Integer.parseInt(value.trim()) < 1) {
            throw ApiError.invalidParams(field + " must be a positive integer, got " + value);
        }
        return Integer.parseInt(value.trim());
    }

    private static boolean isWhole(Number n) {
        try {
            return new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
