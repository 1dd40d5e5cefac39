package io.dealsign.simulator.dottedsign;

import java.util.Locale;
import java.util.Optional;

/**
 * A sign task's status as DottedSign names it on the wire. Discarding is not a status: a discarded task
 * keeps its last status and is hidden (see {@link Task#discarded()}).
 */
public enum TaskStatus {
    DRAFT, WAITING, COMPLETED, DECLINED, VOIDED, EXPIRED;

    /** The lower-case name the API uses ({@code waiting}, {@code voided}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed, declined, voided and expired tasks never change again (except by being discarded). */
    public boolean isTerminal() {
        return this != DRAFT && this != WAITING;
    }

    /** Only a draft or a terminal task may be discarded; a waiting one has to be voided first. */
    public boolean isDiscardable() {
        return this != WAITING;
    }

    public static Optional<TaskStatus> fromWireName(String name) {
        for (TaskStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
