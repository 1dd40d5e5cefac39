package io.dealsign.testing;

import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.DealEvent;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;

import java.util.List;

/**
 * What the service did to Pipedrive and DottedSign, read from the simulators' own state rather than
 * from their request logs: a request the simulator never answered (an injected timeout) is logged
 * with status 200 once the client hangs up, so only the state says what took effect.
 */
public final class Effects {

    private Effects() {
    }

    /** Every task DottedSign holds for this deal (by its metadata), discarded ones included. */
    public static List<Task> tasksOfDeal(DottedSignSimulator dottedSign, long dealId) {
        return dottedSign.tasks().stream()
                .filter(t -> String.valueOf(dealId).equals(t.metadata().get("pipedrive_deal_id")))
                .toList();
    }

    /** Changes the service's API calls made to this deal (a PATCH that changes nothing makes none). */
    public static long apiChangesOfDeal(PipedriveSimulator pipedrive, long dealId) {
        return pipedrive.events().stream()
                .filter(e -> e.dealId() == dealId && e.action() == DealEvent.Action.CHANGE && "api".equals(e.changeSource()))
                .count();
    }
}
