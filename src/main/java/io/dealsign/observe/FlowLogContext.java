package io.dealsign.observe;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;
import org.slf4j.MDC;

/**
 * The deal id, task id and inbox event of the event being run, as MDC fields ({@value #DEAL_ID},
 * {@value #TASK_ID}, {@value #EVENT_ID}, {@value #EVENT_KIND}), so that every line logged while a flow runs
 * carries them, and the JSON log format has them as fields. A flow runs on the inbox worker's thread from
 * start to end ({@code direct:} endpoints, blocking throttles), so the fields are set around it and removed
 * after it.
 */
public final class FlowLogContext implements AutoCloseable {

    public static final String DEAL_ID = "dealId";
    public static final String TASK_ID = "taskId";
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_KIND = "eventKind";

    private FlowLogContext() {
    }

    /**
     * Sets the fields for one stored event until {@link #close()}; {@code subject} is the inbox's
     * {@code deal:<id>} or {@code task:<id>}.
     */
    public static FlowLogContext open(long eventId, String kind, String subject) {
        MDC.put(EVENT_ID, String.valueOf(eventId));
        MDC.put(EVENT_KIND, kind);
        if (subject != null && subject.startsWith("deal:")) {
            MDC.put(DEAL_ID, subject.substring("deal:".length()));
        } else if (subject != null && subject.startsWith("task:")) {
            MDC.put(TASK_ID, subject.substring("task:".length()));
        }
        return new FlowLogContext();
    }

    @Override
    public void close() {
        MDC.remove(EVENT_ID);
        MDC.remove(EVENT_KIND);
        MDC.remove(DEAL_ID);
        MDC.remove(TASK_ID);
    }

    /**
     * A flow learns ids as it goes (the deal of a task from its binding, a task once created): before each
     * log step, the flow's {@code dealId} and {@code taskId} exchange properties, when set, refresh the fields.
     * Only while an event is being run, so that nothing outside a flow is given stale ids.
     */
    static final class FromExchange implements LogListener {
        @Override
        public String onLog(Exchange exchange, CamelLogger camelLogger, String message) {
            if (MDC.get(EVENT_ID) != null) {
                refresh(DEAL_ID, exchange.getProperty(DEAL_ID));
                refresh(TASK_ID, exchange.getProperty(TASK_ID));
            }
            return message;
        }

        private static void refresh(String key, Object value) {
            if (value != null) {
                MDC.put(key, value.toString());
            }
        }
    }
}
