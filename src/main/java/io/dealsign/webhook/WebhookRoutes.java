package io.dealsign.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.database.ProcessedEvents;
import io.dealsign.dottedsign.DottedSignConfiguration;
import io.dealsign.dottedsign.DottedSignSettings;
import io.dealsign.inbox.Inbox;
import io.dealsign.inbox.InboxEntry;
import io.dealsign.inbox.InboxRoutes;
import io.dealsign.json.Json;
import io.dealsign.pipedrive.PipedriveConfiguration;
import io.dealsign.pipedrive.PipedriveSettings;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Where webhooks enter. Each endpoint authenticates the request, parses it, and stores the event in
 * the durable inbox before answering 2xx; the work happens after the answer, in the inbox's workers
 * ({@link InboxRoutes}), because Pipedrive gives up after 10 s and bans webhooks that keep failing. A
 * redelivered event is acknowledged as a duplicate: Camel's idempotent consumer on the JDBC repository
 * recognises it, and the inbox's unique key settles the race of two deliveries arriving at once. The
 * inbox row and the key are committed in one transaction, together with the other requests' writes of
 * that moment ({@link io.dealsign.database.GroupCommit}), and the answer waits for that commit.
 */
public class WebhookRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final String EVENT_KEY = "dealsignEventKey";

    @Override
    public void configure() {
        var registry = getCamelContext().getRegistry();
        WebhookIntake intake = new WebhookIntake(
                registry.lookupByNameAndType(PipedriveConfiguration.SETTINGS, PipedriveSettings.class),
                registry.lookupByNameAndType(DottedSignConfiguration.SETTINGS, DottedSignSettings.class),
                WebhookSettings.from(getCamelContext()));
        Inbox inbox = registry.lookupByNameAndType("inbox", Inbox.class);
        ProcessedEvents processedEvents = registry.lookupByNameAndType(DatabaseConfiguration.PROCESSED_EVENTS,
                ProcessedEvents.class);

        onException(Exception.class)
                .handled(true)
                .process(e -> {
                    Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    LOG.error("Webhook not stored, answered 503 so the sender retries: {}", String.valueOf(cause));
                    WebhookResponses.answer(e, 503, "error", "the event could not be stored; retry later");
                });

        // useBodyHandler=false: the body reaches WebhookIntake unread, which reads it within
        // sync.webhook.max-body-size (RequestBody), and form fields never become headers. Every method is
        // taken, so that a GET is answered 405 with Allow: POST by WebhookIntake, not by Vert.x.
        from("platform-http:/webhooks/pipedrive?useBodyHandler=false")
                .routeId("webhook-pipedrive")
                .process(intake::pipedrive)
                .to("direct:webhook-accept");

        from("platform-http:/webhooks/dottedsign?useBodyHandler=false")
                .routeId("webhook-dottedsign")
                .process(intake::dottedSign)
                .to("direct:webhook-accept");

        from("direct:webhook-accept").routeId("webhook-accept")
                .choice()
                    .when(exchangeProperty(WebhookIntake.VERDICT).isInstanceOf(WebhookVerdict.Ignore.class))
                        .process(WebhookRoutes::answerIgnored)
                    .otherwise()
                        .process(WebhookRoutes::keyTheEvent)
                        // eager(false): the key is not added before the block; the block commits it with the inbox
                        // row, in one transaction, so that a crash cannot store one without the other. Should the
                        // block not add it (a duplicate row), the consumer adds it at the end of the block, on this
                        // worker thread (completionEager(true)); by default Camel would add it when the exchange is
                        // done, which platform-http runs on the Vert.x event loop: a database commit there stalls
                        // every connection (BENCHMARKS.md, webhook intake).
                        .idempotentConsumer(header(EVENT_KEY), processedEvents).eager(false).completionEager(true)
                            .process(e -> store(e, inbox, processedEvents))
                        .end()
                        .process(WebhookRoutes::answerStored)
                        .filter(exchangeProperty("inboxId").isNotNull())
                            .to(InboxRoutes.WAKE_A_WORKER)
                        .end()
                .end();
    }

    private static void keyTheEvent(Exchange exchange) {
        InboxEntry entry = entry(exchange);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(EVENT_KEY, ProcessedEventKey.of(entry));
    }

    private static void store(Exchange exchange, Inbox inbox, ProcessedEvents processedEvents) {
        String key = exchange.getMessage().getHeader(EVENT_KEY, String.class);
        Optional<Long> id = inbox.store(entry(exchange), processedEvents.insertion(key));
        id.ifPresent(value -> {
            exchange.setProperty("inboxId", value);
            ProcessedEvents.addedWith(exchange, key);
        });
    }

    private static void answerStored(Exchange exchange) {
        InboxEntry entry = entry(exchange);
        Long id = exchange.getProperty("inboxId", Long.class);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("status", id == null ? "duplicate" : "accepted")
                .put("event", entry.kind())
                .put("subject", entry.subject());
        if (id == null) {
            LOG.info("{} webhook {} for {} is a duplicate: acknowledged, not stored again", entry.source(), entry.kind(),
                    entry.subject());
        } else {
            LOG.info("{} webhook {} for {} stored as event {}", entry.source(), entry.kind(), entry.subject(), id);
        }
        WebhookResponses.answer(exchange, 200, body);
    }

    private static void answerIgnored(Exchange exchange) {
        String reason = exchange.getProperty(WebhookIntake.VERDICT, WebhookVerdict.Ignore.class).reason();
        LOG.info("Webhook acknowledged and ignored: {}", reason);
        WebhookResponses.answer(exchange, 200, Json.MAPPER.createObjectNode().put("status", "ignored").put("reason", reason));
    }

    private static InboxEntry entry(Exchange exchange) {
        return exchange.getProperty(WebhookIntake.VERDICT, WebhookVerdict.Store.class).entry();
    }
}
