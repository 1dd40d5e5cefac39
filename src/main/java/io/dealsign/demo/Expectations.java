package io.dealsign.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an effect of one act of the story by looking at the state of the service or the
 * simulators again and again until it shows, or gives up at a deadline with a message that says
 * what did not happen.
 */
final class Expectations {

    /** How often the state is looked at again; not a guess at how long an effect takes. */
    private static final Duration LOOK_AGAIN_AFTER = Duration.ofMillis(100);

    private final Duration timeout;

    Expectations(Duration timeout) {
        this.timeout = timeout;
    }

    /** Returns once {@code done} holds; throws {@link DemoStalled} naming {@code effect} after the timeout. */
    void await(String effect, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new DemoStalled(effect, timeout);
            }
            Thread.sleep(LOOK_AGAIN_AFTER.toMillis());
        }
    }

    /** An effect of the story did not happen in time. */
    static final class DemoStalled extends RuntimeException {
        DemoStalled(String effect, Duration timeout) {
            super("Expected within " + timeout.toSeconds() + " s, but it did not happen: " + effect + ".");
        }
    }
}
