package io.dealsign.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.cluster.LiveInstances;
import io.dealsign.observe.ApiReachability;
import io.dealsign.observe.BusinessMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pipedrive API as {@code direct:} endpoints: flows call these and nothing else. This class owns the
 * base URL, the token, the pace, the retries and the meaning of every answer.
 *
 * <pre>
 * direct:pipedrive-get-deal          Long dealId        -> Deal              404: DealNotFound
 * direct:pipedrive-get-person        Long personId      -> Person            404: PersonNotFound
 * direct:pipedrive-update-deal       DealUpdate         -> Deal              404: DealNotFound
 * direct:pipedrive-add-note          NewNote            -> Long noteId
 * direct:pipedrive-attach-file       NewFile            -> DealFile
 * direct:pipedrive-list-deal-files   Long dealId        -> List&lt;DealFile&gt;    (every page)
 * direct:pipedrive-list-deal-notes   Long dealId        -> List&lt;DealNote&gt;    (every page)
 * direct:pipedrive-list-deals-page   DealListRequest    -> DealPage          (one page; follow nextCursor)
 * direct:pipedrive-list-webhooks     (none)             -> List&lt;WebhookSubscription&gt;
 * direct:pipedrive-create-webhook    NewWebhookSubscription -> WebhookSubscription
 * </pre>
 *
 * Every call, and every retry of it, goes through one route ({@code pipedrive-attempt}): refused at once
 * with {@link io.dealsign.inbox.RetryLater} while {@link PipedriveBudget} has calls paused, then one shared
 * throttle, then a wait while Pipedrive's last answer said its burst window is used up, then the HTTP
 * request with none of the caller's headers, then {@link PipedriveAnswers} reads the answer. {@code pipedrive-call} repeats an attempt that failed with a {@link PipedriveRetry}.
 * Callers' messages keep their headers: the HTTP work happens on a copy and only the result comes back.
 * Failures reach the caller as they are: {@link PipedriveApiException} (and its {@link DealNotFound},
 * {@link PersonNotFound}), {@link PipedriveUnavailable}, {@link io.dealsign.inbox.RetryLater}.
 */
public class PipedriveApi extends RouteBuilder {

    public static final String GET_DEAL = "direct:pipedrive-get-deal";
    public static final String GET_PERSON = "direct:pipedrive-get-person";
    public static final String UPDATE_DEAL = "direct:pipedrive-update-deal";
    public static final String ADD_NOTE = "direct:pipedrive-add-note";
    public static final String ATTACH_FILE = "direct:pipedrive-attach-file";
    public static final String LIST_DEAL_FILES = "direct:pipedrive-list-deal-files";
    public static final String LIST_DEAL_NOTES = "direct:pipedrive-list-deal-notes";
    public static final String LIST_DEALS_PAGE = "direct:pipedrive-list-deals-page";
    public static final String LIST_WEBHOOKS = "direct:pipedrive-list-webhooks";
    public static final String CREATE_WEBHOOK = "direct:pipedrive-create-webhook";

    static final String CALL = "direct:pipedrive-call";
    static final String ATTEMPT = "direct:pipedrive-attempt";
    private static final Logger LOG = LoggerFactory.getLogger(PipedriveApi.class);

    /** Exchange properties of this class, removed again before an endpoint returns; a flow's own stay. */
    private static final String PROPERTIES = "PipedriveApi.*";
    static final String REQUEST = "PipedriveApi.request";
    static final String ATTEMPT_NUMBER = "PipedriveApi.attempt";
    private static final String DEAL_ID = "PipedriveApi.dealId";
    private static final String FILES = "PipedriveApi.files";
    private static final String NEXT_START = "PipedriveApi.nextStart";
    private static final String NOTES = "PipedriveApi.notes";
    private static final int NOTES_PAGE_SIZE = 100;

    /** Brings back the call's answer (or its failure) and nothing else: no Pipedrive header reaches the caller. */
    private static final AggregationStrategy ANSWER_ONLY = (caller, call) -> {
        if (call.getException() != null) {
            caller.setException(call.getException());
        } else {
            caller.getMessage().setBody(call.getMessage().getBody());
        }
        return caller;
    };

    @Override
    public void configure() {
        PipedriveSettings settings = bean(PipedriveConfiguration.SETTINGS, PipedriveSettings.class);
        PipedriveLimits limits = bean(PipedriveConfiguration.LIMITS, PipedriveLimits.class);
        PipedriveBudget budget = bean(PipedriveBudget.BEAN, PipedriveBudget.class);
        PipedriveAnswers answers = new PipedriveAnswers(limits, budget);

        // Failures go back to the caller as they are, without Camel's "Failed delivery" log: the flow (or the
        // inbox) decides, and PipedriveAnswers has already logged one line saying what happened.
        errorHandler(noErrorHandler());

        // ------------------------------------------------------------------ the endpoints flows call

        from(GET_DEAL).routeId("pipedrive-get-deal")
                .description("Reads a deal: GET /api/v2/deals/{id}")
                .process(e -> prepare(e, PipedriveRequest.getDeal(e.getMessage().getMandatoryBody(Long.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.deal(PipedriveJson.data(answer(e), "deal"))))
                .removeProperties(PROPERTIES);

        from(GET_PERSON).routeId("pipedrive-get-person")
                .description("Reads a person and their e-mail addresses: GET /api/v2/persons/{id}")
                .process(e -> prepare(e, PipedriveRequest.getPerson(e.getMessage().getMandatoryBody(Long.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.person(PipedriveJson.data(answer(e), "person"))))
                .removeProperties(PROPERTIES);

        from(UPDATE_DEAL).routeId("pipedrive-update-deal")
                .description("Changes a deal's status or stage: PATCH /api/v2/deals/{id}")
                .process(e -> prepare(e, PipedriveRequest.updateDeal(e.getMessage().getMandatoryBody(DealUpdate.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.deal(PipedriveJson.data(answer(e), "deal"))))
                .process(e -> BusinessMetrics.dealUpdated(e.getMessage().getBody(Deal.class).status()))
                .removeProperties(PROPERTIES);

        from(ADD_NOTE).routeId("pipedrive-add-note")
                .description("Adds an HTML note to a deal: POST /api/v1/notes")
                .process(e -> prepare(e, PipedriveRequest.addNote(e.getMessage().getMandatoryBody(NewNote.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.noteId(PipedriveJson.data(answer(e), "note"))))
                .removeProperties(PROPERTIES);

        from(ATTACH_FILE).routeId("pipedrive-attach-file")
                .description("Uploads a PDF to a deal: POST /api/v1/files, multipart parts file and deal_id")
                .process(e -> prepare(e, PipedriveRequest.attachFile(e.getMessage().getMandatoryBody(NewFile.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.file(PipedriveJson.data(answer(e), "file"))))
                .process(e -> BusinessMetrics.fileAttached())
                .removeProperties(PROPERTIES);

        from(LIST_DEAL_FILES).routeId("pipedrive-list-deal-files")
                .description("Lists every file of a deal: GET /api/v1/deals/{id}/files, page after page")
                .process(e -> {
                    e.setProperty(DEAL_ID, e.getMessage().getMandatoryBody(Long.class));
                    e.setProperty(FILES, new ArrayList<DealFile>());
                    e.setProperty(NEXT_START, 0);
                })
                .loopDoWhile(exchangeProperty(NEXT_START).isNotNull())
                    .process(e -> prepare(e, PipedriveRequest.listDealFiles(e.getProperty(DEAL_ID, Long.class),
                            e.getProperty(NEXT_START, Integer.class), limits.filesPageSize())))
                    .enrich(CALL, ANSWER_ONLY, true)
                    .process(e -> collectFiles(e, limits.filesPageSize()))
                .end()
                .process(e -> e.getMessage().setBody(List.copyOf(filesSoFar(e))))
                .removeProperties(PROPERTIES);

        from(LIST_DEAL_NOTES).routeId("pipedrive-list-deal-notes")
                .description("Lists every note of a deal: GET /api/v1/notes?deal_id={id}, page after page")
                .process(e -> {
                    e.setProperty(DEAL_ID, e.getMessage().getMandatoryBody(Long.class));
                    e.setProperty(NOTES, new ArrayList<DealNote>());
                    e.setProperty(NEXT_START, 0);
                })
                .loopDoWhile(exchangeProperty(NEXT_START).isNotNull())
                    .process(e -> prepare(e, PipedriveRequest.listDealNotes(e.getProperty(DEAL_ID, Long.class),
                            e.getProperty(NEXT_START, Integer.class), NOTES_PAGE_SIZE)))
                    .enrich(CALL, ANSWER_ONLY, true)
                    .process(PipedriveApi::collectNotes)
                .end()
                .process(e -> e.getMessage().setBody(List.copyOf(notesSoFar(e))))
                .removeProperties(PROPERTIES);

        from(LIST_DEALS_PAGE).routeId("pipedrive-list-deals-page")
                .description("Lists one page of deals changed since a time, oldest change first: GET /api/v2/deals")
                .process(e -> prepare(e, PipedriveRequest.listDeals(e.getMessage().getMandatoryBody(DealListRequest.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.dealPage(answer(e))))
                .removeProperties(PROPERTIES);

        from(LIST_WEBHOOKS).routeId("pipedrive-list-webhooks")
                .description("Lists the company's webhook subscriptions: GET /api/v1/webhooks")
                .process(e -> prepare(e, PipedriveRequest.listWebhooks()))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.webhooks(answer(e))))
                .removeProperties(PROPERTIES);

        from(CREATE_WEBHOOK).routeId("pipedrive-create-webhook")
                .description("Subscribes to every deal event, webhooks v2: POST /api/v1/webhooks")
                .process(e -> prepare(e, PipedriveRequest.createWebhook(e.getMessage().getMandatoryBody(NewWebhookSubscription.class))))
                .enrich(CALL, ANSWER_ONLY, true)
                .process(e -> e.getMessage().setBody(PipedriveJson.webhook(PipedriveJson.data(answer(e), "webhook"))))
                .removeProperties(PROPERTIES);

        // ------------------------------------------------------------------ how every call is made

        from(CALL).routeId("pipedrive-call")
                .description("Makes one Pipedrive call, repeating the attempt after a burst 429, a 5xx or no answer")
                .errorHandler(defaultErrorHandler().logExhausted(false).logRetryAttempted(false).logStackTrace(false))
                .onException(PipedriveRetry.class)
                    .onExceptionOccurred(PipedriveApi::waitAsTold)
                    .maximumRedeliveries(limits.maxRetries())
                    .logRetryAttempted(false).logExhausted(false).logStackTrace(false)
                .end()
                // Anything else goes back at once, also when it follows a retry (Camel would otherwise keep the
                // retry's policy for it); PipedriveAnswers has logged it already.
                .onException(Exception.class)
                    .maximumRedeliveries(0)
                    .logRetryAttempted(false).logExhausted(false).logStackTrace(false)
                .end()
                .setProperty(ATTEMPT_NUMBER, constant(0))
                .to(ATTEMPT);

        from(ATTEMPT).routeId("pipedrive-attempt")
                .description("One HTTP request to Pipedrive: pause check, shared throttle, no caller headers, token")
                .process(e -> {
                    e.setProperty(ATTEMPT_NUMBER, attempt(e) + 1);
                    if (!settings.canCallApi()) {
                        LOG.error("{} not sent: no Pipedrive API token. Set {} and restart; the event fails this attempt",
                                request(e).describe(), PipedriveSettings.API_TOKEN.howToSet());
                        throw new PipedriveApiException(401, "no API token: " + request(e).describe() + " not sent",
                                "set " + PipedriveSettings.API_TOKEN.howToSet());
                    }
                    budget.refuseWhilePaused(request(e));
                    budget.refuseIfBurstWindowOpensAfter(request(e), limits.maxRetryDelay());
                })
                // pipedrive.rate-limit.* is the company's, shared by the live instances (io.dealsign.cluster.LiveInstances)
                .throttle(LiveInstances.throttleMaximum(getCamelContext(), limits.requestsPerPeriod()))
                    .timePeriodMillis(limits.period().toMillis())
                    .totalRequestsMode()
                // Pipedrive's own count beats our estimate: when an answer said its window is used up, wait for
                // the reset it announced (at most pipedrive.retry.max-delay, checked above)
                .delay().method(budget, "millisUntilBurstWindowOpens").syncDelayed()
                // a pause may have started while this call waited for its turn
                .process(e -> budget.refuseWhilePaused(request(e)))
                // Nothing the caller carried (a webhook's Authorization, CamelHttpPath, ...) and nothing a previous
                // attempt received may reach Pipedrive. Camel counts redeliveries in the three headers kept here
                // (Camel* headers are never sent over HTTP): without them the retries would never run out.
                .removeHeaders("*", Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERED, Exchange.REDELIVERY_MAX_COUNTER)
                .process(e -> {
                    PipedriveRequest request = request(e);
                    e.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
                    e.getMessage().setHeader(Exchange.HTTP_URI, request.url(settings.baseUrl()));
                    e.getMessage().setBody(request.entity());
                })
                .doTry()
                    .to(settings.baseUrl() + "?httpClient=#" + PipedriveConfiguration.HTTP_CLIENT
                            + "&throwExceptionOnFailure=false")
                    .process(ApiReachability.answered(BusinessMetrics.PIPEDRIVE))
                .doCatch(IOException.class)
                    .process(ApiReachability.noAnswer(BusinessMetrics.PIPEDRIVE))
                    .process(e -> {
                        throw answers.noAnswer(request(e), attempt(e), e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
                    })
                .end()
                .process(e -> {
                    Message answer = e.getMessage();
                    e.getMessage().setBody(answers.read(request(e), attempt(e),
                            answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                            name -> answer.getHeader(name, String.class), answer.getBody(byte[].class)));
                });
    }

    /** Redelivery waits what the failed attempt asked for (a 429's reset, or backoff with jitter). */
    private static void waitAsTold(Exchange exchange) {
        PipedriveRetry retry = exchange.getException(PipedriveRetry.class);
        if (retry == null) {
            retry = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PipedriveRetry.class);
        }
        if (retry != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, retry.waitBefore().toMillis());
        }
    }

    private static void prepare(Exchange exchange, PipedriveRequest request) {
        exchange.setProperty(REQUEST, request);
    }

    private static PipedriveRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST, PipedriveRequest.class);
    }

    private static int attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT_NUMBER, 0, Integer.class);
    }

    private static JsonNode answer(Exchange exchange) {
        return exchange.getMessage().getBody(JsonNode.class);
    }

    private static void collectFiles(Exchange exchange, int pageSize) {
        JsonNode page = answer(exchange);
        for (JsonNode file : PipedriveJson.items(page)) {
            filesSoFar(exchange).add(PipedriveJson.file(file));
        }
        int start = exchange.getProperty(NEXT_START, Integer.class);
        exchange.setProperty(NEXT_START, PipedriveJson.nextStart(page, start, pageSize).orElse(null));
    }

    private static void collectNotes(Exchange exchange) {
        JsonNode page = answer(exchange);
        for (JsonNode note : PipedriveJson.items(page)) {
            notesSoFar(exchange).add(PipedriveJson.note(note));
        }
        int start = exchange.getProperty(NEXT_START, Integer.class);
        exchange.setProperty(NEXT_START, PipedriveJson.nextStart(page, start, NOTES_PAGE_SIZE).orElse(null));
    }

    @SuppressWarnings("unchecked")
    private static List<DealNote> notesSoFar(Exchange exchange) {
        return exchange.getProperty(NOTES, List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<DealFile> filesSoFar(Exchange exchange) {
        return exchange.getProperty(FILES, List.class);
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " bound as " + name
                    + ": PipedriveConfiguration must run before the Pipedrive routes");
        }
        return bean;
    }
}
