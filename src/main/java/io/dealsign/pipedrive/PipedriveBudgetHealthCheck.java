package io.dealsign.pipedrive;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Pipedrive's rate budget as health: always UP, because webhooks are still accepted and stored while
 * calls are paused (a DOWN would make a load balancer turn Pipedrive's webhooks away), but DEGRADED
 * in its details, with why and until when, while the daily budget or a Cloudflare block pauses calls.
 */
public class PipedriveBudgetHealthCheck extends AbstractHealthCheck {

    private final PipedriveBudget budget;

    public PipedriveBudgetHealthCheck(PipedriveBudget budget) {
        super("sync", "pipedrive-budget");
        this.budget = budget;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        PipedriveBudget.Status status = budget.status();
        builder.detail("state", status.paused() ? "DEGRADED" : "OK");
        if (status.paused()) {
            builder.detail("paused_until", status.pausedUntil().toString());
            builder.detail("reason", status.pauseReason());
            builder.message("DEGRADED: Pipedrive calls paused until " + status.pausedUntil() + ": " + status.pauseReason());
        }
        if (status.dailyTokensRemaining() != null) {
            builder.detail("daily_tokens_remaining", status.dailyTokensRemaining());
        }
        if (status.burstRemaining() != null) {
            builder.detail("burst_remaining", status.burstRemaining());
        }
        builder.up();
    }
}
