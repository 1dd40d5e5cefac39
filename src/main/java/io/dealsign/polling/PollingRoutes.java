package io.dealsign.polling;

import io.dealsign.binding.Bindings;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.dottedsign.DottedSignConfiguration;
import io.dealsign.dottedsign.DottedSignSettings;
import io.dealsign.dottedsign.TaskPoller;
import io.dealsign.inbox.Inbox;
import io.dealsign.observe.BusinessMetrics;
import io.dealsign.pipedrive.DealPoller;
import io.dealsign.pipedrive.PipedriveConfiguration;
import io.dealsign.pipedrive.PipedriveSettings;
import io.dealsign.pipedrive.WebhookWatchdog;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.time.Duration;

/**
 * What a poll cycle, and the Pipedrive webhook watchdog, do, behind {@code direct:} endpoints that the Quartz routes in
 * routes/polling.camel.yaml call on their cron. A poller whose API has no credentials skips its cycle
 * (the missing credential was reported once at start-up) instead of failing every time.
 */
public class PollingRoutes extends RouteBuilder {

    public static final String POLL_DOTTEDSIGN = "direct:poll-dottedsign";
    public static final String POLL_PIPEDRIVE = "direct:poll-pipedrive";
    public static final String CHECK_PIPEDRIVE_WEBHOOK = "direct:check-pipedrive-webhook";

    @Override
    public void configure() {
        Registry registry = getCamelContext().getRegistry();
        Inbox inbox = registry.lookupByNameAndType(DatabaseConfiguration.INBOX, Inbox.class);
        Bindings bindings = registry.lookupByNameAndType(DatabaseConfiguration.BINDINGS, Bindings.class);
        Watermarks watermarks = registry.lookupByNameAndType(DatabaseConfiguration.WATERMARKS, Watermarks.class);
        DottedSignSettings dottedSign = registry.lookupByNameAndType(DottedSignConfiguration.SETTINGS, DottedSignSettings.class);
        Duration lookBack = Duration.parse(getCamelContext().resolvePropertyPlaceholders("{{sync.poll.first-look-back:PT24H}}"));

        TaskPoller tasks = new TaskPoller(getCamelContext().createProducerTemplate(), bindings, inbox, watermarks, lookBack,
                Integer.parseInt(getCamelContext().resolvePropertyPlaceholders("{{sync.poll.dottedsign.page-size:50}}")),
                Clock.systemUTC());

        PipedriveSettings pipedrive = registry.lookupByNameAndType(PipedriveConfiguration.SETTINGS, PipedriveSettings.class);
        DealPoller deals = new DealPoller(getCamelContext().createProducerTemplate(), bindings, inbox, watermarks, lookBack);

        from(POLL_PIPEDRIVE).routeId("poll-pipedrive-changes")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(e -> !pipedrive.canCallApi())
                        .setBody(constant("skipped: the Pipedrive API token is not set"))
                        .process(e -> BusinessMetrics.pollCycleSkipped(BusinessMetrics.PIPEDRIVE))
                    .otherwise()
                        .process(e -> e.getMessage().setBody(BusinessMetrics.pollCycle(BusinessMetrics.PIPEDRIVE, deals::poll)))
                .end();

        WebhookWatchdog watchdog = new WebhookWatchdog(getCamelContext().createProducerTemplate(), pipedrive,
                getCamelContext().resolvePropertyPlaceholders("{{sync.public-url:}}"));
        from(CHECK_PIPEDRIVE_WEBHOOK).routeId("check-pipedrive-webhook-subscription")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(watchdog.check()));

        from(POLL_DOTTEDSIGN).routeId("poll-dottedsign-changes")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(e -> !dottedSign.canCallApi())
                        .setBody(constant("skipped: DottedSign credentials are not set"))
                        .process(e -> BusinessMetrics.pollCycleSkipped(BusinessMetrics.DOTTEDSIGN))
                    .otherwise()
                        .process(e -> e.getMessage().setBody(BusinessMetrics.pollCycle(BusinessMetrics.DOTTEDSIGN, tasks::poll)))
                .end();
    }
}
