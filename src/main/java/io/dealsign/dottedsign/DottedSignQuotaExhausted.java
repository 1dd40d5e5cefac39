package io.dealsign.dottedsign;

import io.dealsign.inbox.RetryLater;

import java.time.Instant;

/**
 * The DottedSign plan's monthly task quota is spent ({@code 403032 over_monthly_task_usage}): no task can
 * be created until the quota renews or the plan is upgraded. Not retried by the client; the work waits
 * until {@link #notBefore()}.
 */
public class DottedSignQuotaExhausted extends RetryLater {

    public DottedSignQuotaExhausted(String reason, Instant notBefore) {
        super(reason, notBefore);
    }
}
