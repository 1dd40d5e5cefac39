package io.dealsign.inbox;

import io.dealsign.dottedsign.TaskEvent;
import io.dealsign.json.Json;
import io.dealsign.observe.FlowLogContext;
import io.dealsign.pipedrive.DealEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Runs stored events. An accepted webhook asks for its row at once ({@code direct:inbox-run});
 * a sweep picks up everything else that is due: retries, events that waited for an earlier one of
 * their subject, and rows left behind by a crash. Each claimed event goes to
 * {@code direct:dispatch-event} (routes/dispatch.camel.yaml) as a {@link DealEvent} or
 * {@link TaskEvent} body with headers {@code eventKind}, {@code eventId} and {@code eventAttempt};
 * its outcome is written back to the row.
 */
public class InboxRoutes extends RouteBuilder {

    public static final String RUN = "direct:inbox-run";
    static final String DISPATCH = "direct:dispatch-event";
    private ProducerTemplate dispatcher;

    @Override
    public void configure() {
        Inbox inbox = getCamelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        dispatcher = getCamelContext().createProducerTemplate();

        // Claims one due event, runs it, then claims the next, until none is due: each claim's lease starts
        // when its event starts, and rows this instance has not reached yet stay free for the others.
        from("timer:inbox-sweep?delay={{sync.inbox.sweep-interval:1000}}&period={{sync.inbox.sweep-interval:1000}}")
                .routeId("inbox-sweep")
                .loopDoWhile(e -> claimNextDue(e, inbox))
                    .to("direct:inbox-run-claimed")
                .end();

        from(RUN).routeId("inbox-run")
                .description("Runs one stored event now, if no earlier event of its subject is unfinished")
                .process(e -> e.getMessage().setBody(inbox.claim(e.getMessage().getBody(Long.class)).orElse(null)))
                .filter(body().isNotNull())
                    .to("direct:inbox-run-claimed");

        from("direct:inbox-run-claimed").routeId("inbox-run-claimed")
                .setProperty("inboxEvent", body())
                .doTry()
                    .process(this::runFlow)
                    .process(e -> inbox.done(event(e).id()))
                    .process(e -> runNextOfSubject(e, inbox))
                .doCatch(RetryLater.class)
                    .process(e -> {
                        RetryLater wait = e.getProperty(Exchange.EXCEPTION_CAUGHT, RetryLater.class);
                        inbox.postpone(event(e), wait.notBefore(), wait.getMessage());
                    })
                .doCatch(Exception.class)
                    .process(e -> inbox.failed(event(e), describe(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))))
                .end();
    }

    private static boolean claimNextDue(Exchange exchange, Inbox inbox) {
        exchange.getMessage().setBody(inbox.claimNextDue().orElse(null));
        return exchange.getMessage().getBody() != null;
    }

    /** The next event of the same subject was waiting for this one: run it now rather than at the next sweep. */
    private void runNextOfSubject(Exchange exchange, Inbox inbox) {
        inbox.nextOfSubject(event(exchange).subject()).ifPresent(next ->
                dispatcher.asyncSendBody(RUN, next));
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
