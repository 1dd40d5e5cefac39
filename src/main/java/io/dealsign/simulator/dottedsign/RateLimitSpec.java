package io.dealsign.simulator.dottedsign;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit written the short way, {@code 10/1s} (ten requests per second), {@code 600/1m},
 * {@code 5/500ms}; {@code off} or {@code 0} for none. Used by the launcher and the control API.
 */
record RateLimitSpec(int limit, Duration window) {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)/(\\d+)(ms|s|m)");

    static RateLimitSpec parse(String text) {
        String spec = text.trim();
        if (spec.equalsIgnoreCase("off") || spec.equals("0")) {
            return new RateLimitSpec(0, Duration.ofSeconds(1));
        }
        Matcher m = SHORT_FORM.matcher(spec);
        if (!m.matches() || Long.parseLong(m.group(2)) == 0) {
            throw new IllegalArgumentException("a rate limit looks like 10/1s, 600/1m or 5/500ms (or off), not " + text);
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        return new RateLimitSpec(Integer.parseInt(m.group(1)), window);
    }
}
