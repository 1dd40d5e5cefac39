package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.dottedsign.SeedTask;
import io.dealsign.simulator.dottedsign.Stage;
import io.dealsign.simulator.dottedsign.StageStatus;
import io.dealsign.simulator.dottedsign.TaskStatus;
import io.dealsign.testing.CapturedLogs;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every endpoint against the simulator over real HTTP, through the service as it runs. */
class DottedSignTasksTest {

    private static DottedSignHarness dottedSign;

    @BeforeAll
    static void start() {
        dottedSign = DottedSignHarness.start();
    }

    @AfterAll
    static void stop() {
        dottedSign.close();
    }

    @BeforeEach
    void clearRequestLog() {
        dottedSign.simulator.requests().clear();
    }

    @Test
    void should_create_a_started_task_from_the_template_for_one_signer_bound_to_the_deal() {
        SignTask created = dottedSign.call(DottedSignApi.CREATE_TASK,
                new NewTask("Contract ACME 2026", "Jane Signer", "jane@example.com", 42), SignTask.class);

        RecordedRequest post = dottedSign.requests("POST", "/v1/sign_tasks").get(0);
        JsonNode sent = Json.read(post.bodyAsString(), JsonNode.class);
        assertThat(sent.get("file_name").asText()).isEqualTo("Contract ACME 2026");
        assertThat(sent.get("template_id").asLong()).isEqualTo(DottedSignHarness.TEMPLATE_ID);
        assertThat(sent.get("stages")).hasSize(1);
        assertThat(sent.get("stages").get(0).get("email").asText()).isEqualTo("jane@example.com");
        assertThat(sent.get("metadata").get("pipedrive_deal_id").asLong()).isEqualTo(42);
        assertThat(sent.get("start").asBoolean()).isTrue();
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(created.dealId()).contains(42L);
        assertThat(dottedSign.simulator.task(created.taskId())).hasValueSatisfying(task -> {
            assertThat(task.status()).isEqualTo(TaskStatus.WAITING);
            assertThat(task.metadata()).containsEntry("pipedrive_deal_id", "42");
        });
    }

    @Test
    void should_find_every_task_of_a_deal_across_pages_and_none_of_other_deals() {
        List<SeedTask> seeds = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            seeds.add(SeedTask.withStatus(TaskStatus.COMPLETED).withFileName("Old " + i).withMetadata("pipedrive_deal_id", "7001"));
            seeds.add(SeedTask.withStatus(TaskStatus.WAITING).withFileName("Other " + i).withMetadata("pipedrive_deal_id", "7002"));
        }
        List<Long> seeded = dottedSign.simulator.seed(seeds);
        List<Long> ofDeal = new ArrayList<>();
        for (int i = 0; i < seeded.size(); i += 2) {
            ofDeal.add(seeded.get(i));
        }

        List<SignTask> found = dottedSign.call(DottedSignApi.FIND_TASKS_BY_DEAL, 7001L, List.class);

        assertThat(found).extracting(SignTask::taskId).containsExactlyInAnyOrderElementsOf(ofDeal);
        assertThat(found).allSatisfy(task -> assertThat(task.dealId()).contains(7001L));
        List<RecordedRequest> pages = dottedSign.requests("GET", "/v1/sign_tasks/list");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(2).query()).contains("page=3").contains("metadata_key=pipedrive_deal_id")
                .contains("metadata_value=7001");
    }

    @Test
    void should_find_no_tasks_for_a_deal_that_has_none() {
        List<?> found = dottedSign.call(DottedSignApi.FIND_TASKS_BY_DEAL, 999_999L, List.class);

        assertThat(found).isEmpty();
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/list")).hasSize(1);
    }

    @Test
    void should_read_a_task_with_its_signers_times_and_deal() {
        Instant created = Instant.parse("2026-03-01T09:00:00Z");
        long taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING).withFileName("Two signers")
                .withMetadata("pipedrive_deal_id", "55").withMetadata("note", "x")
                .withStages(List.of(new Stage("Ann", "ann@example.com", StageStatus.SIGNED),
                        new Stage("Bob", "bob@example.com", StageStatus.WAITING)))
                .withCreatedAt(created).withUpdatedAt(created.plusSeconds(90)));

        SignTask task = dottedSign.call(DottedSignApi.READ_TASK, taskId, SignTask.class);

        assertThat(task.taskId()).isEqualTo(taskId);
        assertThat(task.fileName()).isEqualTo("Two signers");
        assertThat(task.status()).isEqualTo("waiting");
        assertThat(task.dealId()).contains(55L);
        assertThat(task.metadata()).containsEntry("note", "x");
        assertThat(task.createdAt()).isEqualTo(created);
        assertThat(task.updatedAt()).isEqualTo(created.plusSeconds(90));
        assertThat(task.signers()).containsExactly(new Signer("Ann", "ann@example.com", "signed"),
                new Signer("Bob", "bob@example.com", "waiting"));
    }

    @Test
    void should_accept_the_task_id_as_a_string_body() {
        long taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.DRAFT));

        SignTask task = dottedSign.call(DottedSignApi.READ_TASK, String.valueOf(taskId), SignTask.class);

        assertThat(task.taskId()).isEqualTo(taskId);
    }

    @Test
    void should_accept_inputs_a_yaml_flow_can_build_a_map_or_json_of_the_records_components() {
        dottedSign.simulator.seed(List.of(SeedTask.withStatus(TaskStatus.DRAFT), SeedTask.withStatus(TaskStatus.DRAFT)));
        SignTask fromMap = dottedSign.call(DottedSignApi.CREATE_TASK, Map.of("fileName", "Contract 70",
                "signerName", "Jane", "signerEmail", "jane@example.com", "dealId", "70"), SignTask.class);
        TaskPage fromJson = dottedSign.call(DottedSignApi.LIST_TASKS_PAGE, "{\"page\": 1, \"perPage\": 2}", TaskPage.class);

        assertThat(fromMap.dealId()).contains(70L);
        assertThat(fromJson.tasks()).hasSize(2);
        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.CREATE_TASK, Map.of("fileName", "No signer"), SignTask.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NewTask");
    }

    @Test
    void should_throw_task_gone_for_a_task_that_never_existed_without_retrying() {
        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.READ_TASK, 1L, SignTask.class))
                .isInstanceOfSatisfying(DottedSignTaskGone.class, gone -> {
                    assertThat(gone.taskId()).isEqualTo(1L);
                    assertThat(gone.httpStatus()).isEqualTo(404);
                });
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/read")).hasSize(1);
    }

    @Test
    void should_void_a_waiting_task() {
        SignTask created = dottedSign.createTask(61);

        Long answer = dottedSign.call(DottedSignApi.VOID_TASK, created.taskId(), Long.class);

        assertThat(answer).isEqualTo(created.taskId());
        assertThat(dottedSign.call(DottedSignApi.READ_TASK, created.taskId(), SignTask.class).status()).isEqualTo("voided");
    }

    @Test
    void should_refuse_to_void_a_draft_with_dottedsigns_code_and_not_retry() {
        long draft = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.DRAFT));

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.VOID_TASK, draft, Long.class))
                .isInstanceOfSatisfying(DottedSignApiException.class, refused -> {
                    assertThat(refused.httpStatus()).isEqualTo(403);
                    assertThat(refused.errorCode()).isEqualTo(403002);
                    assertThat(refused.errorKey()).isEqualTo("invalid_action");
                })
                .isNotInstanceOf(DottedSignTaskGone.class);
        assertThat(dottedSign.requests("POST", "/v1/sign_tasks/void")).hasSize(1);
    }

    @Test
    void should_discard_a_voided_task_after_which_it_is_gone() {
        SignTask created = dottedSign.createTask(62);
        dottedSign.call(DottedSignApi.VOID_TASK, created.taskId(), Long.class);

        dottedSign.call(DottedSignApi.DISCARD_TASK, created.taskId(), Long.class);

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.READ_TASK, created.taskId(), SignTask.class))
                .isInstanceOfSatisfying(DottedSignTaskGone.class, gone -> {
                    assertThat(gone.errorCode()).isEqualTo(400033);
                    assertThat(gone.errorKey()).isEqualTo("task_deleted");
                });
        assertThat((List<?>) dottedSign.call(DottedSignApi.FIND_TASKS_BY_DEAL, 62L, List.class)).isEmpty();
    }

    @Test
    void should_refuse_to_discard_a_waiting_task_and_not_retry() {
        SignTask created = dottedSign.createTask(63);

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.DISCARD_TASK, created.taskId(), Long.class))
                .isInstanceOfSatisfying(DottedSignApiException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(403002));
        assertThat(dottedSign.requests("POST", "/v1/sign_tasks/discard")).hasSize(1);
    }

    @Test
    void should_refuse_an_invalid_file_name_with_the_code_and_not_retry() {
        NewTask invalid = new NewTask("Contract: deal 64?", "Jane", "jane@example.com", 64);

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.CREATE_TASK, invalid, SignTask.class))
                .isInstanceOfSatisfying(DottedSignApiException.class, refused -> {
                    assertThat(refused.httpStatus()).isEqualTo(400);
                    assertThat(refused.errorCode()).isEqualTo(400417);
                    assertThat(refused.errorKey()).isEqualTo("invalid_params");
                    assertThat(refused.getMessage()).contains("file_name").contains("deal 64");
                });
        assertThat(dottedSign.requests("POST", "/v1/sign_tasks")).hasSize(1);
    }

    @Test
    void should_refuse_a_template_the_account_cannot_use_and_not_retry() {
        dottedSign.simulator.acceptedTemplateIds(1);
        try {
            assertThatThrownBy(() -> dottedSign.createTask(65))
                    .isInstanceOfSatisfying(DottedSignApiException.class, refused -> {
                        assertThat(refused.httpStatus()).isEqualTo(403);
                        assertThat(refused.errorCode()).isEqualTo(403044);
                    });
            assertThat(dottedSign.requests("POST", "/v1/sign_tasks")).hasSize(1);
        } finally {
            dottedSign.simulator.acceptAnyTemplate();
        }
    }

    @Test
    void should_wait_an_hour_when_the_monthly_quota_is_spent_and_log_one_error_saying_so() {
        dottedSign.simulator.monthlyTaskQuota(0);
        try (CapturedLogs logs = new CapturedLogs()) {
            Instant before = Instant.now();

            for (long dealId : new long[] {66, 67}) {
                assertThatThrownBy(() -> dottedSign.createTask(dealId))
                        .isInstanceOfSatisfying(DottedSignQuotaExhausted.class, quota ->
                                assertThat(quota.notBefore()).isCloseTo(before.plus(Duration.ofHours(1)), within(Duration.ofMinutes(1))));
            }

            assertThat(dottedSign.requests("POST", "/v1/sign_tasks")).hasSize(2);
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("ERROR") && line.contains("monthly task quota is spent"))
                    .hasSize(1);
        } finally {
            dottedSign.simulator.monthlyTaskQuota(null);
        }
    }

    @Test
    void should_download_the_signed_pdf_and_the_audit_trail_without_sending_the_token_to_the_link() {
        SignTask created = dottedSign.createTask(68);
        dottedSign.simulator.sign(created.taskId());

        byte[] completed = dottedSign.call(DottedSignApi.DOWNLOAD,
                new SignedFileRequest(created.taskId(), SignedFileRequest.COMPLETED), byte[].class);
        byte[] auditTrail = dottedSign.call(DottedSignApi.DOWNLOAD,
                new SignedFileRequest(created.taskId(), SignedFileRequest.AUDIT_TRAIL), byte[].class);

        assertThat(new String(completed, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(new String(completed, StandardCharsets.ISO_8859_1))
                .contains("Task " + created.taskId() + " - file type completed");
        assertThat(new String(auditTrail, StandardCharsets.ISO_8859_1))
                .contains("Task " + created.taskId() + " - file type audit_trail");
        List<RecordedRequest> fileRequests = dottedSign.simulator.requests().matching(r -> r.path().startsWith("/_files/"));
        assertThat(fileRequests).hasSize(2).allSatisfy(file -> {
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.header("Authorization")).isNull();
        });
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/download_link"))
                .allSatisfy(link -> assertThat(link.header("Authorization")).startsWith("Bearer "));
    }

    @Test
    void should_refuse_to_download_a_signed_file_of_a_task_not_yet_completed() {
        SignTask created = dottedSign.createTask(69);

        assertThatThrownBy(() -> dottedSign.call(DottedSignApi.DOWNLOAD,
                new SignedFileRequest(created.taskId(), SignedFileRequest.COMPLETED), byte[].class))
                .isInstanceOfSatisfying(DottedSignApiException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(400417));
        assertThat(dottedSign.simulator.requests().matching(r -> r.path().startsWith("/_files/"))).isEmpty();
    }

    @Test
    void should_list_a_page_of_tasks_most_recently_updated_first() {
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        List<SeedTask> seeds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seeds.add(SeedTask.withStatus(TaskStatus.WAITING).withFileName("Future " + i)
                    .withCreatedAt(base).withUpdatedAt(base.plus(Duration.ofMinutes(10 + (i * 37) % 7))));
        }
        dottedSign.simulator.seed(seeds);

        TaskPage page = dottedSign.call(DottedSignApi.LIST_TASKS_PAGE, new TaskPageRequest(1, 5), TaskPage.class);

        assertThat(page.currentPage()).isEqualTo(1);
        assertThat(page.totalPages()).isGreaterThanOrEqualTo(2);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.tasks()).hasSize(5);
        assertThat(page.tasks()).extracting(SignTask::updatedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(dottedSign.requests("GET", "/v1/sign_tasks/list").get(0).query())
                .contains("sort_type=updated_at").contains("order_by=desc").contains("per_page=5");
    }

    @Test
    void should_never_pass_the_callers_headers_to_dottedsign_and_leave_them_on_the_exchange() {
        long taskId = dottedSign.simulator.seed(SeedTask.withStatus(TaskStatus.WAITING));
        Map<String, Object> inbound = Map.of("Authorization", "Basic d2ViaG9vazpzZWNyZXQ=",
                "X-Webhook-Source", "pipedrive", "Cookie", "session=abc");

        Exchange exchange = dottedSign.exchange(DottedSignApi.READ_TASK, taskId, inbound);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(SignTask.class).taskId()).isEqualTo(taskId);
        assertThat(exchange.getMessage().getHeaders()).containsAllEntriesOf(inbound);
        RecordedRequest read = dottedSign.requests("GET", "/v1/sign_tasks/read").get(0);
        assertThat(read.header("Authorization")).startsWith("Bearer ");
        assertThat(read.headers()).doesNotContainKeys("x-webhook-source", "cookie");
    }
}
