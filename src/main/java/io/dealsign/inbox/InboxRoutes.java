package io.dealsign.inbox;

import io.dealsign.dottedsign.TaskEvent;
import io.dealsign.json.Json;
import io.dealsign.observe.FlowLogContext;
import io.dealsign.pipedrive.DealEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Runs stored events. A pool of workers ({@code sync.inbox.workers}) claims due rows one at a time and
 * runs each; a worker is woken by a stored webhook ({@link #WAKE_A_WORKER}), by a worker that has just
 * claimed a row (so that idle workers join in while there is more to do), and by a sweep every
 * {@code sync.inbox.sweep-interval} for everything else that has become due: retries, events that waited
 * for an earlier one of their subject, rows left behind by a crash, events stored by the pollers.
 * Each claimed event goes to {@code direct:dispatch-event} (routes/dispatch.camel.yaml) as a
 * {@link DealEvent} or {@link TaskEvent} body with headers {@code eventKind}, {@code eventId} and
 * {@code eventAttempt}; its outcome is written back to the row.
 *
 * <p>The request that stored a webhook never runs its flow: a burst of thousands of webhooks is answered
 * as fast as the rows are committed, while the flows go at the pace the APIs' rate limits allow.
 */
public class InboxRoutes extends RouteBuilder {

    private static final String DUE = "seda:inbox-due?size={{sync.inbox.workers:8}}";
    /**
     * Wakes an idle worker, if there is one, without waiting: a wake-up that finds every worker already
     * woken is dropped, because each of those will look for due rows until there are none.
     */
    public static final String WAKE_A_WORKER = DUE + "&discardWhenFull=true&waitForTaskToComplete=Never";
    static final String DISPATCH = "direct:dispatch-event";
    private ProducerTemplate dispatcher;

    @Override
    public void configure() {
        Inbox inbox = getCamelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        dispatcher = getCamelContext().createProducerTemplate();

        from("timer:inbox-sweep?delay={{sync.inbox.sweep-interval:1000}}&period={{sync.inbox.sweep-interval:1000}}")
                .routeId("inbox-sweep")
                .description("Wakes a worker every sync.inbox.sweep-interval for retries and polled events that are due")
                .to(WAKE_A_WORKER);

        // Claims one due event, runs it, then claims the next, until none is due: each claim's lease starts
        // when its event starts, and rows this instance has not reached yet stay free for the others.
        from(DUE + "&concurrentConsumers={{sync.inbox.workers:8}}")
                .routeId("inbox-workers")
                .description("Each of sync.inbox.workers claims due events one at a time and runs them until none is due")
                .loopDoWhile(e -> claimNextDue(e, inbox))
                    .to(WAKE_A_WORKER)
                    .to("direct:inbox-run-claimed")
                .end();

        from("direct:inbox-run-claimed").routeId("inbox-run-claimed")
                .description("Runs one claimed event through its flow and records the outcome on its row")
                .setProperty("inboxEvent", body())
                .doTry()
                    .process(this::runFlow)
                    .process(e -> inbox.done(event(e).id()))
                .doCatch(RetryLater.class)
                    .process(e -> {
                        RetryLater wait = e.getProperty(Exchange.EXCEPTION_CAUGHT, RetryLater.class);
                        inbox.postpone(event(e), wait.notBefore(), wait.getMessage());
                    })
                .doCatch(Exception.class)
                    .process(e -> inbox.failed(event(e), describe(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))))
                .end();
    }

    /** Claims the next due event into the body; none once the service is stopping. */
    private static boolean claimNextDue(Exchange exchange, Inbox inbox) {
        boolean stopping = exchange.getContext().isStopping();
        exchange.getMessage().setBody(stopping ? null : inbox.claimNextDue().orElse(null));
        return exchange.getMessage().getBody() != null;
    }

    /**
     * The flow runs in an exchange of its own: a flow may end early with {@code stop}, which must end
     * the flow and not the bookkeeping of this route.
     */
    private void runFlow(Exchange exchange) throws Exception {
        InboxEvent event = event(exchange);
        Object body = event.kind().startsWith("deal.")
                ? Json.read(event.payload(), DealEvent.class)
                : Json.read(event.payload(), TaskEvent.class);
        Exchange flow;
        try (FlowLogContext logFields = FlowLogContext.open(event.id(), event.kind(), event.subject())) {
            flow = dispatcher.send(DISPATCH, run -> {
                run.getMessage().setHeader("eventKind", event.kind());
                run.getMessage().setHeader("eventId", event.id());
                run.getMessage().setHeader("eventAttempt", event.attempts());
                run.getMessage().setBody(body);
            });
        }
        if (flow.getException() != null) {
            throw flow.getException();
        }
    }

    private static InboxEvent event(Exchange exchange) {
        return exchange.getProperty("inboxEvent", InboxEvent.class);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
