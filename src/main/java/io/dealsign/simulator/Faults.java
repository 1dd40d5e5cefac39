package io.dealsign.simulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults a simulator injects into its API answers, so tests can prove the product converges anyway:
 * a share of 500s, a share of requests never answered (the client's timeout fires), and added latency.
 * Set at any time; applies to requests arriving afterwards. Control endpoints are never faulted.
 */
public final class Faults {

    /** What to do with one request. */
    public enum Outcome { PASS, ERROR, TIMEOUT }

    private volatile double errorRate;
    private volatile double timeoutRate;
    private volatile Duration latency = Duration.ZERO;

    public Faults errorRate(double rate) {
        this.errorRate = checkRate(rate);
        return this;
    }

    public Faults timeoutRate(double rate) {
        this.timeoutRate = checkRate(rate);
        return this;
    }

    public Faults latency(Duration latency) {
        this.latency = latency == null ? Duration.ZERO : latency;
        return this;
    }

    public Faults none() {
        errorRate = 0;
        timeoutRate = 0;
        latency = Duration.ZERO;
        return this;
    }

    public double errorRate() {
        return errorRate;
    }

    public double timeoutRate() {
        return timeoutRate;
    }

    public Duration latency() {
        return latency;
    }

    Outcome draw() {
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < timeoutRate) {
            return Outcome.TIMEOUT;
        }
        if (roll < timeoutRate + errorRate) {
            return Outcome.ERROR;
        }
        return Outcome.PASS;
    }

    private static double checkRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate is between 0 and 1, not " + rate);
        }
        return rate;
    }
}
