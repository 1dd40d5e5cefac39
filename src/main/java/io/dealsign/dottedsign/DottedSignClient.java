package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.inbox.RetryLater;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DottedSign operations behind the {@code direct:dottedsign-*} endpoints: each builds its requests,
 * sends them through {@code direct:dottedsign-call} (which owns authentication, pace, retries and error
 * mapping) and reads the answers into records.
 */
final class DottedSignClient {

    private static final Logger LOG = LoggerFactory.getLogger(DottedSignApi.class);
    static final String DEAL_KEY = DottedSignWebhookParser.DEAL_ID_METADATA_KEY;
    /** A deal with more tasks than this many full pages is not plausible; the loop stops there regardless. */
    private static final int MAX_PAGES = 50;
    /** How far the clocks of DottedSign and this service may disagree when recognising a task we just created. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration NOT_CONFIGURED_WAIT = Duration.ofMinutes(15);
    private static final Set<String> FRESH_STATUSES = Set.of("draft", "waiting");

    private final ProducerTemplate template;
    private final String callEndpoint;
    private final DottedSignSettings settings;
    private final DottedSignRetries retries;
    private final Clock clock;

    DottedSignClient(ProducerTemplate template, String callEndpoint, DottedSignSettings settings,
                     DottedSignRetries retries, Clock clock) {
        this.template = template;
        this.callEndpoint = callEndpoint;
        this.settings = settings;
        this.retries = retries;
        this.clock = clock;
    }

    /**
     * Creates and starts the task. Not sent twice: when the answer is lost after DottedSign may have
     * created the task (a 5xx, a timeout), the deal's tasks are looked up and a draft or waiting task with
     * this file name created since the call began is taken as the one created; otherwise the failure is
     * thrown for the caller to retry later. The answer's status and times are null: the task is not read
     * back, which would cost a request.
     */
    SignTask createTask(NewTask task) {
        requireCredentials("create a task for deal " + task.dealId());
        if (settings.templateId() == null || settings.templateId().isBlank()) {
            throw notConfigured("create a task for deal " + task.dealId(), "dottedsign.template-id is not set");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_name", task.fileName());
        body.put("template_id", templateId());
        body.put("stages", List.of(Map.of("name", task.signerName(), "email", task.signerEmail())));
        // A number, as DottedSign's data-binding guide shows it; it may come back as a string.
        body.put("metadata", Map.of(DEAL_KEY, task.dealId()));
        body.put("start", true);
        Instant startedAt = clock.instant();
        HttpCall call = HttpCall.post("/v1/sign_tasks", body, false, null, "deal " + task.dealId());
        try {
            JsonNode answer = send(call);
            long taskId = TaskJson.taskId(TaskJson.data(answer)).orElseThrow(() -> new DottedSignUnavailable(
                    call + ": DottedSign answered without a task_id", null, true));
            retries.taskCreated();
            LOG.debug("Created DottedSign task {} for deal {}", taskId, task.dealId());
            return new SignTask(taskId, task.fileName(), null, Map.of(DEAL_KEY, String.valueOf(task.dealId())), null, null,
                    List.of(new Signer(task.signerName(), task.signerEmail(), null)));
        } catch (DottedSignUnavailable e) {
            if (!e.mayHaveBeenProcessed()) {
                throw e;
            }
            Optional<SignTask> created = createdSince(task, startedAt, e);
            if (created.isEmpty()) {
                throw e;
            }
            retries.taskCreated();
            LOG.warn("Creating a DottedSign task for deal {} got no answer, but task {} was created for it meanwhile; "
                    + "using that task", task.dealId(), created.get().taskId());
            return created.get();
        }
    }

    private Optional<SignTask> createdSince(NewTask task, Instant startedAt, DottedSignUnavailable createFailure) {
        List<SignTask> tasks;
        try {
            tasks = findTasksByDeal(task.dealId());
        } catch (RuntimeException lookupFailed) {
            createFailure.addSuppressed(lookupFailed);
            return Optional.empty();
        }
        Instant earliest = startedAt.minus(CLOCK_SKEW);
        return tasks.stream()
                .filter(t -> task.fileName().equals(t.fileName()))
                .filter(t -> t.status() == null || FRESH_STATUSES.contains(t.status()))
                .filter(t -> t.createdAt() == null || !t.createdAt().isBefore(earliest))
                .max(Comparator.comparingLong(SignTask::taskId));
    }

    /** Every task whose {@code pipedrive_deal_id} metadata is this deal, following all pages. */
    List<SignTask> findTasksByDeal(long dealId) {
        requireCredentials("find the tasks of deal " + dealId);
        Map<Long, SignTask> found = new LinkedHashMap<>();
        TaskPage page;
        int pageNumber = 1;
        do {
            TaskPageRequest request = new TaskPageRequest(pageNumber, TaskPageRequest.MAX_PER_PAGE);
            page = listPage(request, Map.of("metadata_key", DEAL_KEY, "metadata_value", String.valueOf(dealId)),
                    "deal " + dealId);
            for (SignTask task : page.tasks()) {
                // DottedSign filtered already; a task that names another deal is dropped all the same.
                if (task.dealId().map(id -> id == dealId).orElse(true)) {
                    found.putIfAbsent(task.taskId(), task);
                }
            }
            pageNumber++;
        } while (page.hasMore() && !page.tasks().isEmpty() && pageNumber <= MAX_PAGES);
        return new ArrayList<>(found.values());
    }

    SignTask readTask(long taskId) {
        requireCredentials("read task " + taskId);
        JsonNode answer = send(HttpCall.get("/v1/sign_tasks/read", Map.of("task_id", String.valueOf(taskId)), taskId,
                "task " + taskId));
        return TaskJson.task(answer, taskId);
    }

    /** Voids a waiting task. Sending it twice is harmless (the second answer is a refusal), so it is retried. */
    void voidTask(long taskId) {
        requireCredentials("void task " + taskId);
        send(HttpCall.post("/v1/sign_tasks/void", Map.of("task_id", taskId), true, taskId, "task " + taskId));
        LOG.debug("Voided DottedSign task {}", taskId);
    }

    /** Discards a draft or finished task; afterwards DottedSign answers every call on it with task_deleted. */
    void discardTask(long taskId) {
        requireCredentials("discard task " + taskId);
        send(HttpCall.post("/v1/sign_tasks/discard", Map.of("task_id", taskId), true, taskId, "task " + taskId));
        LOG.debug("Discarded DottedSign task {}", taskId);
    }

    /** The file's bytes: asks for a download link, then fetches it at once, without the access token. */
    byte[] download(SignedFileRequest request) {
        long taskId = request.taskId();
        requireCredentials("download the " + request.fileType() + " file of task " + taskId);
        String about = "task " + taskId + " (" + request.fileType() + ")";
        HttpCall linkCall = HttpCall.get("/v1/sign_tasks/download_link",
                Map.of("task_id", String.valueOf(taskId), "file_types", request.fileType()), taskId, about);
        String url = TaskJson.downloadUrl(send(linkCall), request.fileType())
                .filter(link -> link.startsWith("https://") || link.startsWith("http://"))
                .orElseThrow(() -> new DottedSignUnavailable(linkCall + ": DottedSign answered without a download link",
                        null, false));
        Exchange result = sendExchange(HttpCall.file(url, taskId, about));
        return result.getMessage().getBody(byte[].class);
    }

    TaskPage listTasksPage(TaskPageRequest request) {
        requireCredentials("list tasks");
        return listPage(request, Map.of(), "page " + request.page());
    }

    private TaskPage listPage(TaskPageRequest request, Map<String, String> filter, String about) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", String.valueOf(request.page()));
        query.put("per_page", String.valueOf(request.perPage()));
        query.put("sort_type", "updated_at");
        query.put("order_by", "desc");
        query.putAll(filter);
        return TaskJson.page(send(HttpCall.get("/v1/sign_tasks/list", query, null, about)), request);
    }

    private JsonNode send(HttpCall call) {
        return sendExchange(call).getMessage().getBody(JsonNode.class);
    }

    private Exchange sendExchange(HttpCall call) {
        return sendOrThrow(template, callEndpoint, call);
    }

    /** Sends the call on its own exchange (so no caller's header comes along) and throws what it failed with. */
    static Exchange sendOrThrow(ProducerTemplate template, String endpoint, HttpCall call) {
        Exchange result = template.send(endpoint, exchange -> exchange.getIn().setBody(call));
        Exception failure = result.getException();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new DottedSignUnavailable(call + " failed: " + failure, failure, true);
        }
        return result;
    }

    private Object templateId() {
        String id = settings.templateId().trim();
        return id.matches("\\d{1,18}") ? (Object) Long.parseLong(id) : id;
    }

    private void requireCredentials(String toDo) {
        if (!settings.canCallApi()) {
            throw notConfigured(toDo, "dottedsign.client-id or dottedsign.client-secret is not set");
        }
    }

    private RetryLater notConfigured(String toDo, String why) {
        Instant notBefore = clock.instant().plus(NOT_CONFIGURED_WAIT);
        LOG.warn("Cannot {} at DottedSign: {}. Set it and restart; the work waits until {}", toDo, why, notBefore);
        return new RetryLater("cannot " + toDo + " at DottedSign: " + why, notBefore);
    }
}
