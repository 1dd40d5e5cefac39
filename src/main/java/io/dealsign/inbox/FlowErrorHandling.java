package io.dealsign.inbox;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling for every route: a failure goes back to whoever called, unlogged by Camel. For a
 * flow that caller is the inbox, which logs one line, retries with backoff and parks the event after
 * the last attempt; Camel's default handler would log a second copy with a stack trace.
 */
public class FlowErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration().errorHandler(defaultErrorHandler().logExhausted(false));
    }
}
