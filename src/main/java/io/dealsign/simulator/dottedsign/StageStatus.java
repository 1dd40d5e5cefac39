package io.dealsign.simulator.dottedsign;

import java.util.Locale;

/**
 * A signer's progress within a task. DottedSign does not document stage statuses; the simulator uses
 * these three names (ASSUMED): {@code waiting} until the signer acts (also while the task is a draft,
 * and it stays so when the task is voided or expires), {@code signed} once signed, {@code declined} for
 * the signer who declined.
 */
public enum StageStatus {
    WAITING, SIGNED, DECLINED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
