package io.dealsign.contract;

/** What a task outcome (declined, expired, voided) does to its deal, from sync.outcome.<outcome>.*. */
public record OutcomeAction(boolean note, boolean markLost, String lostReason) {
}
