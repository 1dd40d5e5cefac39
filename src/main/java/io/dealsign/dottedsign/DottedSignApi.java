package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.cluster.LiveInstances;
import io.dealsign.json.Json;
import io.dealsign.observe.ApiReachability;
import io.dealsign.observe.BusinessMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The DottedSign API, as {@code direct:} endpoints for the flows. This class owns DottedSign's base URL,
 * the access token, the pace of requests, retries and the meaning of DottedSign's errors; a flow calls
 * an endpoint with a record as the body and gets a record back, or one of these exceptions:
 * <ul>
 *   <li>{@link DottedSignApiException} (and its {@link DottedSignTaskGone}): refused; asking again will
 *       not help;</li>
 *   <li>{@link DottedSignUnavailable}: DottedSign failed or did not answer, also after a few retries; try
 *       again later;</li>
 *   <li>{@link io.dealsign.inbox.RetryLater} ({@link DottedSignRateLimited},
 *       {@link DottedSignQuotaExhausted}, or credentials not set): wait until its time, at no cost to the
 *       event.</li>
 * </ul>
 * The endpoints leave the caller's headers alone and never pass them on to DottedSign. A record input
 * may also be given as a Map or a JSON object of its component names, which a YAML flow can build.
 *
 * <p>Inside: every endpoint sends its requests through {@code direct:dottedsign-call}, whose error handler
 * retries by {@link DottedSignRetries}; it runs each attempt in {@code direct:dottedsign-attempt}, which
 * drops all headers, adds the token, waits its turn at the one throttle all DottedSign requests share,
 * sends the request and turns the answer into a body or an exception.
 */
public class DottedSignApi extends RouteBuilder {

    /** Body {@link NewTask}; answers a {@link SignTask} with the new task's id (not read back: no status, no times). */
    public static final String CREATE_TASK = "direct:dottedsign-create-task";
    /** Body the deal id (Long); answers the {@code List<SignTask>} whose {@code pipedrive_deal_id} is that deal. */
    public static final String FIND_TASKS_BY_DEAL = "direct:dottedsign-find-tasks-by-deal";
    /** Body the task id (Long); answers the {@link SignTask}, or throws {@link DottedSignTaskGone}. */
    public static final String READ_TASK = "direct:dottedsign-read-task";
    /** Body the task id (Long), which it keeps; voids a waiting task. */
    public static final String VOID_TASK = "direct:dottedsign-void-task";
    /** Body the task id (Long), which it keeps; discards a draft or finished task. */
    public static final String DISCARD_TASK = "direct:dottedsign-discard-task";
    /** Body {@link SignedFileRequest}; answers the file's bytes ({@code byte[]}, a PDF). */
    public static final String DOWNLOAD = "direct:dottedsign-download";
    /** Body {@link TaskPageRequest}; answers a {@link TaskPage}, most recently updated first. */
    public static final String LIST_TASKS_PAGE = "direct:dottedsign-list-tasks-page";

    static final String CALL = "direct:dottedsign-call";
    static final String ATTEMPT = "direct:dottedsign-attempt";
    static final String HTTP_CLIENT_CONFIGURER = "dottedSignHttpClientConfigurer";

    @Override
    public void configure() throws Exception {
        CamelContext context = getContext();
        DottedSignSettings settings = context.getRegistry()
                .lookupByNameAndType(DottedSignConfiguration.SETTINGS, DottedSignSettings.class);
        DottedSignClientSettings clientSettings = context.getRegistry()
                .lookupByNameAndType(DottedSignConfiguration.CLIENT_SETTINGS, DottedSignClientSettings.class);
        if (settings == null || clientSettings == null) {
            throw new IllegalStateException("DottedSignConfiguration has not bound the DottedSign settings");
        }
        turnOffHiddenRetries(context);

        Clock clock = Clock.systemUTC();
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, true);
        AccessTokens tokens = new AccessTokens(settings, clientSettings.scope(),
                call -> DottedSignClient.sendOrThrow(template, ATTEMPT, call).getMessage().getBody(JsonNode.class), clock);
        DottedSignHttp http = new DottedSignHttp(settings.baseUrl(), tokens, clientSettings, clock);
        DottedSignRetries retries = new DottedSignRetries(clientSettings);
        DottedSignClient client = new DottedSignClient(template, CALL, settings, retries, clock);

        from(CREATE_TASK).routeId("dottedsign-create-task")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(client.createTask(body(e, NewTask.class))))
                .process(e -> BusinessMetrics.taskCreated());

        from(FIND_TASKS_BY_DEAL).routeId("dottedsign-find-tasks-by-deal")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(client.findTasksByDeal(body(e, Long.class))));

        from(READ_TASK).routeId("dottedsign-read-task")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(client.readTask(body(e, Long.class))));

        from(VOID_TASK).routeId("dottedsign-void-task")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    long taskId = body(e, Long.class);
                    client.voidTask(taskId);
                    e.getMessage().setBody(taskId);
                });

        from(DISCARD_TASK).routeId("dottedsign-discard-task")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    long taskId = body(e, Long.class);
                    client.discardTask(taskId);
                    e.getMessage().setBody(taskId);
                });

        from(DOWNLOAD).routeId("dottedsign-download")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(client.download(body(e, SignedFileRequest.class))));

        from(LIST_TASKS_PAGE).routeId("dottedsign-list-tasks-page")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(client.listTasksPage(body(e, TaskPageRequest.class))));

        // One call: attempts until one succeeds or DottedSignRetries says to stop; the last failure is thrown.
        from(CALL).routeId("dottedsign-call")
                .onException(Exception.class)
                    .onExceptionOccurred(retries::onFailure)
                    .retryWhile(retries::shouldRetry)
                    .logRetryAttempted(false)
                    .logExhausted(false)
                .end()
                .to(ATTEMPT);

        // One attempt. Its failures go straight back to dottedsign-call's error handler.
        from(ATTEMPT).routeId("dottedsign-attempt")
                .errorHandler(noErrorHandler())
                .process(http::begin)
                .process(http::authorize)
                .choice()
                    .when(http::isThrottled)
                        // dottedsign.rate-limit.* is the application's, shared by the live instances
                        .throttle(LiveInstances.throttleMaximum(context, clientSettings.rateLimitRequests()))
                            .timePeriodMillis(clientSettings.rateLimitPeriod().toMillis())
                            .totalRequestsMode()
                            .id("dottedsign-throttle")
                    .endChoice()
                .end()
                .process(http::request)
                .doTry()
                    .to(httpEndpoint(settings, clientSettings)).id("dottedsign-http")
                    .process(ApiReachability.answered(BusinessMetrics.DOTTEDSIGN))
                .doCatch(IOException.class)
                    .process(ApiReachability.noAnswer(BusinessMetrics.DOTTEDSIGN))
                    .process(http::connectionFailed)
                .end()
                .process(http::response);
    }

    /**
     * httpclient5 retries 429 and 503 on its own, once and after honouring {@code Retry-After}, unseen by
     * the retry policy here (and looking like a hang for a long {@code Retry-After}). Off for the
     * {@code http} and {@code https} components, and again on this client's own endpoint.
     */
    private static void turnOffHiddenRetries(CamelContext context) {
        for (String scheme : List.of("http", "https")) {
            context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }
        HttpClientConfigurer noRetries = HttpClientBuilder::disableAutomaticRetries;
        context.getRegistry().bind(HTTP_CLIENT_CONFIGURER, HttpClientConfigurer.class, noRetries);
    }

    /** The one endpoint every request goes out through; the request's URL comes in its {@code CamelHttpUri}. */
    static String httpEndpoint(DottedSignSettings settings, DottedSignClientSettings clientSettings) {
        long connect = clientSettings.connectTimeout().toMillis();
        long response = clientSettings.responseTimeout().toMillis();
        return settings.baseUrl()
                + "?throwExceptionOnFailure=false&copyHeaders=false&followRedirects=false"
                + "&connectTimeout=" + connect + "&connectionRequestTimeout=" + connect
                + "&responseTimeout=" + response + "&soTimeout=" + response
                + "&httpClientConfigurer=#" + HTTP_CLIENT_CONFIGURER;
    }

    /**
     * The body as the endpoint's input type. A record may also come as a Map or a JSON object whose keys
     * are its component names ({@code {"taskId": 1, "fileType": "completed"}}), which a YAML flow can
     * build without Java; ids may come as numbers or strings.
     */
    static <T> T body(Exchange exchange, Class<T> type) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (type.isInstance(body)) {
            return type.cast(body);
        }
        if (type.isRecord() && (body instanceof Map<?, ?> || body instanceof String)) {
            try {
                return body instanceof String json ? Json.MAPPER.readValue(json, type) : Json.MAPPER.convertValue(body, type);
            } catch (Exception e) {
                Throwable reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
                throw new IllegalArgumentException("the body is not a valid " + type.getSimpleName() + ": "
                        + reason.getMessage(), e);
            }
        }
        return exchange.getMessage().getMandatoryBody(type);
    }
}
