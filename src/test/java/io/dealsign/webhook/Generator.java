package io.dealsign.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A seeded source of generated values for the webhook property test: the same seed gives the same
 * requests, so a failure found once can be replayed with {@code -Dwebhook.fuzz.seed=<seed>}.
 *
 * <p>Why not jqwik, the library the issue named: jqwik 1.10.1 prints, on every run, a message from its
 * maintainers asking AI coding agents not to use it, and this code is written by one. We respect that
 * rather than pin an older release to avoid seeing the message. What we lose is shrinking; each failure
 * names the whole request instead, which for one HTTP request is readable enough.
 */
final class Generator {

    private final SplittableRandom random;

    Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int between(int min, int maxInclusive) {
        return random.nextInt(min, maxInclusive + 1);
    }

    long longBetween(long min, long maxInclusive) {
        return random.nextLong(min, maxInclusive == Long.MAX_VALUE ? maxInclusive : maxInclusive + 1);
    }

    long anyLong() {
        return random.nextLong();
    }

    double unit() {
        return random.nextDouble();
    }

    boolean bool() {
        return random.nextBoolean();
    }

    @SafeVarargs
    final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A value and how often it is chosen relative to the other options: see {@link #weighted}. */
    record Option<T>(int weight, Supplier<? extends T> value) {
    }

    static <T> Option<T> option(int weight, Supplier<? extends T> value) {
        return new Option<>(weight, value);
    }

    /** One option's value, each option chosen in proportion to its weight. */
    @SafeVarargs
    final <T> T weighted(Option<? extends T>... options) {
        int pick = random.nextInt(Arrays.stream(options).mapToInt(Option::weight).sum());
        for (Option<? extends T> option : options) {
            pick -= option.weight();
            if (pick < 0) {
                return option.value().get();
            }
        }
        throw new IllegalStateException("weights must be positive");
    }

    <T> List<T> listOf(int min, int max, Function<Generator, T> element) {
        return IntStream.range(0, between(min, max)).mapToObj(i -> element.apply(this)).toList();
    }

    byte[] bytes(int maxLength) {
        byte[] bytes = new byte[between(0, maxLength)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Any text: ASCII, controls, non-Latin letters, surrogate pairs (emoji) and lone surrogates. */
    String text(int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = between(0, maxLength);
        while (text.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                text.append((char) between(0x20, 0x7e));
            } else if (kind < 6) {
                text.append((char) between(0, 0x1f));
            } else if (kind < 8) {
                text.append((char) between(0xa0, 0xd7ff));
            } else if (kind < 9) {
                text.appendCodePoint(between(0x1f300, 0x1faff));
            } else {
                text.append((char) between(0xd800, 0xdfff));
            }
        }
        return text.toString();
    }

    String letters(int minLength, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = between(minLength, maxLength);
        for (int i = 0; i < length; i++) {
            text.append((char) (bool() ? between('a', 'z') : between('A', 'Z')));
        }
        return text.toString();
    }
}
