package io.dealsign.pipedrive;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.pipedrive.ContactValue;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.StoredFile;
import io.dealsign.testing.CapturedLogs;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The endpoints against the Pipedrive simulator over real HTTP, through the whole running service. */
class PipedriveApiTest {

    private static PipedriveHarness pipedrive;

    @BeforeAll
    static void start() {
        // files listed two per page, so that three files take two pages
        pipedrive = PipedriveHarness.start("pipedrive.files.page-size", "2");
    }

    @AfterAll
    static void stop() {
        pipedrive.close();
    }

    @AfterEach
    void reset() {
        pipedrive.reset();
    }

    // ------------------------------------------------------------------ deals and persons

    @Test
    void should_read_a_deal_with_its_person_stage_pipeline_and_exact_value() {
        var person = pipedrive.sim.createPerson("Jane Doe", "jane@acme.example");
        var created = pipedrive.sim.createDeal(DealDraft.titled("Acme contract").withPerson(person.id())
                .inStage(2, 7).worth(1500.10, "EUR"));

        Deal deal = pipedrive.call(PipedriveApi.GET_DEAL, created.id(), Deal.class);

        assertThat(deal.id()).isEqualTo(created.id());
        assertThat(deal.title()).isEqualTo("Acme contract");
        assertThat(deal.status()).isEqualTo("open");
        assertThat(deal.personId()).isEqualTo(person.id());
        assertThat(deal.pipelineId()).isEqualTo(2L);
        assertThat(deal.stageId()).isEqualTo(7L);
        assertThat(deal.value()).isEqualTo(new BigDecimal("1500.1"));
        assertThat(deal.currency()).isEqualTo("EUR");
        assertThat(deal.ownerId()).isEqualTo(created.ownerId());
        assertThat(deal.updateTime()).isNotNull();
        assertThat(deal.deleted()).isFalse();
        assertThat(pipedrive.apiCalls()).extracting(RecordedRequest::toString)
                .containsExactly("GET /api/v2/deals/" + created.id() + " -> 200");
    }

    @Test
    void should_read_a_deal_without_a_person_as_a_null_person_id() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Nobody's deal"));

        Deal deal = pipedrive.call(PipedriveApi.GET_DEAL, created.id(), Deal.class);

        assertThat(deal.personId()).isNull();
    }

    @Test
    void should_keep_a_deleted_deal_marked_deleted() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Gone soon"));
        pipedrive.sim.deleteDeal(created.id());

        Deal deal = pipedrive.call(PipedriveApi.GET_DEAL, created.id(), Deal.class);

        assertThat(deal.deleted()).isTrue();
        assertThat(deal.isOpen()).isFalse();
    }

    @Test
    void should_throw_deal_not_found_for_a_missing_deal_after_exactly_one_request() {
        Throwable failure = pipedrive.failure(PipedriveApi.GET_DEAL, 987654L);

        assertThat(failure).isInstanceOf(DealNotFound.class);
        assertThat(((DealNotFound) failure).dealId()).isEqualTo(987654L);
        assertThat(((DealNotFound) failure).httpStatus()).isEqualTo(404);
        assertThat(pipedrive.apiCalls()).hasSize(1);
    }

    @Test
    void should_accept_a_deal_id_given_as_text_by_a_flow() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Typed in YAML"));

        Deal deal = pipedrive.call(PipedriveApi.GET_DEAL, String.valueOf(created.id()), Deal.class);

        assertThat(deal.id()).isEqualTo(created.id());
    }

    @Test
    void should_read_a_person_and_choose_the_primary_email_as_signer() {
        var person = pipedrive.sim.createPerson("Jane Doe", List.of(ContactValue.secondary("jane@home.example", "home"),
                ContactValue.primaryWork("jane@acme.example")), List.of());

        Person read = pipedrive.call(PipedriveApi.GET_PERSON, person.id(), Person.class);

        assertThat(read.id()).isEqualTo(person.id());
        assertThat(read.name()).isEqualTo("Jane Doe");
        assertThat(read.emails()).containsExactly(new Person.Email("jane@home.example", false, "home"),
                new Person.Email("jane@acme.example", true, "work"));
        assertThat(read.signerEmail()).contains("jane@acme.example");
    }

    @Test
    void should_choose_the_first_nonempty_email_when_none_is_primary() {
        var person = pipedrive.sim.createPerson("John Roe", List.of(ContactValue.secondary("", "work"),
                ContactValue.secondary("john@roe.example", "home"), ContactValue.secondary("j@other.example", "other")), List.of());

        Person read = pipedrive.call(PipedriveApi.GET_PERSON, person.id(), Person.class);

        assertThat(read.signerEmail()).contains("john@roe.example");
    }

    @Test
    void should_read_a_person_without_emails_as_having_no_signer_email() {
        var person = pipedrive.sim.createPerson("No Mail");

        Person read = pipedrive.call(PipedriveApi.GET_PERSON, person.id(), Person.class);

        assertThat(read.emails()).isEmpty();
        assertThat(read.signerEmail()).isEmpty();
    }

    @Test
    void should_throw_person_not_found_for_a_missing_person() {
        Throwable failure = pipedrive.failure(PipedriveApi.GET_PERSON, 55555L);

        assertThat(failure).isInstanceOf(PersonNotFound.class);
        assertThat(((PersonNotFound) failure).personId()).isEqualTo(55555L);
        assertThat(pipedrive.apiCalls()).hasSize(1);
    }

    // ------------------------------------------------------------------ updates

    @Test
    void should_mark_a_deal_won_sending_only_the_status() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("To win").inStage(1, 3));

        Deal deal = pipedrive.call(PipedriveApi.UPDATE_DEAL, DealUpdate.won(created.id()), Deal.class);

        assertThat(deal.status()).isEqualTo("won");
        assertThat(pipedrive.sim.deal(created.id()).orElseThrow().status()).isEqualTo("won");
        RecordedRequest patch = pipedrive.apiCalls().get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo("/api/v2/deals/" + created.id());
        assertThat(patch.bodyAsString()).isEqualTo("{\"status\":\"won\"}");
        assertThat(patch.header("content-type")).startsWith("application/json");
    }

    @Test
    void should_move_a_deal_to_a_stage_sending_the_pipeline_as_numbers() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("To move").inStage(1, 3));

        Deal deal = pipedrive.call(PipedriveApi.UPDATE_DEAL, DealUpdate.toStage(created.id(), 12, 4L), Deal.class);

        assertThat(deal.stageId()).isEqualTo(12L);
        assertThat(deal.pipelineId()).isEqualTo(4L);
        assertThat(deal.status()).isEqualTo("open");
        assertThat(pipedrive.apiCalls().get(0).bodyAsString()).isEqualTo("{\"stage_id\":12,\"pipeline_id\":4}");
    }

    @Test
    void should_mark_a_deal_lost_with_a_reason() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("To lose"));

        Deal deal = pipedrive.call(PipedriveApi.UPDATE_DEAL, DealUpdate.lost(created.id(), "Signature declined"), Deal.class);

        assertThat(deal.status()).isEqualTo("lost");
        assertThat(pipedrive.sim.deal(created.id()).orElseThrow().lostReason()).isEqualTo("Signature declined");
    }

    @Test
    void should_throw_pipedrive_api_exception_with_pipedrive_error_for_a_refused_update_without_retrying() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Open deal"));

        Throwable failure = pipedrive.failure(PipedriveApi.UPDATE_DEAL,
                new DealUpdate(created.id(), null, null, null, "a reason without status lost"));

        assertThat(failure).isExactlyInstanceOf(PipedriveApiException.class);
        PipedriveApiException refused = (PipedriveApiException) failure;
        assertThat(refused.httpStatus()).isEqualTo(400);
        assertThat(refused.error()).contains("lost_reason");
        assertThat(refused.errorInfo()).isEqualTo("Please check developers.pipedrive.com");
        assertThat(pipedrive.apiCalls()).hasSize(1);
    }

    @Test
    void should_throw_deal_not_found_when_updating_a_missing_deal() {
        assertThat(pipedrive.failure(PipedriveApi.UPDATE_DEAL, DealUpdate.won(424242L))).isInstanceOf(DealNotFound.class);
    }

    // ------------------------------------------------------------------ notes and files

    @Test
    void should_add_an_html_note_to_a_deal_and_return_its_id() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Noted"));

        Long noteId = pipedrive.call(PipedriveApi.ADD_NOTE,
                new NewNote(created.id(), "<p>Signed by <b>Jane</b></p>"), Long.class);

        assertThat(pipedrive.sim.notesOfDeal(created.id())).singleElement().satisfies(note -> {
            assertThat(note.id()).isEqualTo(noteId);
            assertThat(note.content()).isEqualTo("<p>Signed by <b>Jane</b></p>");
        });
        assertThat(pipedrive.apiCalls().get(0).bodyAsString())
                .isEqualTo("{\"content\":\"<p>Signed by <b>Jane</b></p>\",\"deal_id\":" + created.id() + "}");
    }

    @Test
    void should_attach_a_pdf_as_multipart_with_its_bytes_intact_then_list_every_file_across_pages() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("With files"));
        byte[] pdf = pdf(40_000);

        DealFile attached = pipedrive.call(PipedriveApi.ATTACH_FILE,
                new NewFile(created.id(), "Contract-" + created.id() + "-signed.pdf", pdf), DealFile.class);
        pipedrive.call(PipedriveApi.ATTACH_FILE, new NewFile(created.id(), "Audit-trail.pdf", pdf(1000)), DealFile.class);
        pipedrive.call(PipedriveApi.ATTACH_FILE, new NewFile(created.id(), "Original.pdf", pdf(500)), DealFile.class);
        List<?> listed = pipedrive.call(PipedriveApi.LIST_DEAL_FILES, created.id(), List.class);

        assertThat(attached.name()).isEqualTo("Contract-" + created.id() + "-signed.pdf");
        assertThat(attached.dealId()).isEqualTo(created.id());
        assertThat(attached.fileSize()).isEqualTo(pdf.length);
        StoredFile stored = pipedrive.sim.filesOfDeal(created.id()).get(0);
        assertThat(stored.id()).isEqualTo(attached.id());
        assertThat(stored.bytes()).isEqualTo(pdf);
        assertThat(stored.contentType()).isEqualTo("application/pdf");
        assertThat(listed).extracting(f -> ((DealFile) f).name())
                .containsExactly("Contract-" + created.id() + "-signed.pdf", "Audit-trail.pdf", "Original.pdf");
        assertThat(pipedrive.apiCalls()).filteredOn(r -> r.method().equals("GET")).extracting(RecordedRequest::query)
                .containsExactly("limit=2&start=0", "limit=2&start=2");
    }

    @Test
    void should_list_no_files_for_a_deal_without_any() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Empty"));

        assertThat(pipedrive.call(PipedriveApi.LIST_DEAL_FILES, created.id(), List.class)).isEmpty();
    }

    // ------------------------------------------------------------------ listing changed deals

    @Test
    void should_list_changed_deals_oldest_change_first_following_the_cursor_to_the_last_page() {
        // deals of other tests changed before this instant, so they stay out of the list
        pipedrive.sim.advanceClock(Duration.ofSeconds(5));
        Instant before = pipedrive.sim.now();
        List<Long> seeded = pipedrive.sim.seedDeals(5).stream().map(d -> d.id()).toList();

        List<Long> seen = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        DealListRequest request = new DealListRequest(before, null, null, 2);
        DealPage page;
        do {
            page = pipedrive.call(PipedriveApi.LIST_DEALS_PAGE, request, DealPage.class);
            page.deals().forEach(d -> seen.add(d.id()));
            cursors.add(page.nextCursor());
            request = request.next(page.nextCursor());
        } while (!page.isLast());

        assertThat(seen).containsExactlyElementsOf(seeded);
        assertThat(cursors).hasSize(3).last().isNull();
        RecordedRequest first = pipedrive.apiCalls().get(0);
        assertThat(first.path()).isEqualTo("/api/v2/deals");
        assertThat(first.query()).contains("sort_by=update_time", "sort_direction=asc", "limit=2",
                "updated_since=" + before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace(":", "%3A"));
        assertThat(pipedrive.apiCalls().get(1).query()).contains("cursor=");
    }

    @Test
    void should_list_only_deals_with_the_given_status() {
        pipedrive.sim.advanceClock(Duration.ofSeconds(5));
        Instant before = pipedrive.sim.now();
        var open = pipedrive.sim.createDeal(DealDraft.titled("Still open"));
        var won = pipedrive.sim.createDeal(DealDraft.titled("Already won"));
        pipedrive.call(PipedriveApi.UPDATE_DEAL, DealUpdate.won(won.id()), Deal.class);

        DealPage page = pipedrive.call(PipedriveApi.LIST_DEALS_PAGE, new DealListRequest(before, "won", null, 100), DealPage.class);

        assertThat(page.deals()).extracting(Deal::id).contains(won.id()).doesNotContain(open.id());
        assertThat(page.isLast()).isTrue();
    }

    // ------------------------------------------------------------------ what goes over the wire

    @Test
    void should_send_the_token_only_as_a_header_and_no_inbound_header_of_the_caller() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Headers"));

        Exchange done = pipedrive.exchange(PipedriveApi.GET_DEAL, created.id(), Map.of(
                "Authorization", "Basic d2ViaG9vazpzZWNyZXQ=",
                "X-Forwarded-For", "203.0.113.9",
                "CamelHttpPath", "/webhooks/pipedrive",
                "CamelHttpQuery", "api_token=leak",
                "eventId", 17));

        assertThat(done.getException()).isNull();
        RecordedRequest sent = pipedrive.apiCalls().get(0);
        assertThat(sent.path()).isEqualTo("/api/v2/deals/" + created.id());
        assertThat(sent.query()).isNullOrEmpty();
        assertThat(sent.header("x-api-token")).isEqualTo(PipedriveHarness.TOKEN);
        assertThat(sent.headers()).doesNotContainKeys("authorization", "x-forwarded-for", "eventid");
        assertThat(String.join(" ", sent.headers().values())).doesNotContain("d2ViaG9vazpzZWNyZXQ=");
        // the caller keeps its own headers, and gets none of Pipedrive's
        assertThat(done.getMessage().getHeader("eventId")).isEqualTo(17);
        assertThat(done.getMessage().getHeader("Authorization")).isEqualTo("Basic d2ViaG9vazpzZWNyZXQ=");
        assertThat(done.getMessage().getHeaders()).doesNotContainKeys("x-ratelimit-remaining", "x-api-token",
                Exchange.HTTP_RESPONSE_CODE);
        assertThat(done.getMessage().getBody()).isInstanceOf(Deal.class);
    }

    @Test
    void should_leave_the_flows_own_exchange_properties_alone_and_remove_its_own() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Properties"));

        Exchange done = pipedrive.template.request(PipedriveApi.GET_DEAL, e -> {
            e.getIn().setBody(created.id());
            e.setProperty("pipedriveDeal", "the flow's");
        });

        assertThat(done.getProperty("pipedriveDeal")).isEqualTo("the flow's");
        assertThat(done.getProperties().keySet()).noneMatch(key -> key.startsWith("PipedriveApi."));
    }

    @Test
    void should_never_log_the_token_whatever_fails() throws Exception {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Quiet"));
        try (CapturedLogs logs = new CapturedLogs()) {
            pipedrive.failure(PipedriveApi.GET_DEAL, 777777L);
            pipedrive.failure(PipedriveApi.UPDATE_DEAL, new DealUpdate(created.id(), "bogus", null, null, null));
            pipedrive.sim.faults().errorRate(1.0);
            pipedrive.failure(PipedriveApi.ADD_NOTE, new NewNote(created.id(), "<p>x</p>"));
            pipedrive.sim.faults().none();
            pipedrive.sim.dailyBudget(10).dailyBudgetRemaining(0);
            pipedrive.failure(PipedriveApi.GET_DEAL, created.id());

            assertThat(logs.lines()).hasSizeGreaterThanOrEqualTo(4)
                    .noneMatch(line -> line.contains(PipedriveHarness.TOKEN));
        }
    }

    @Test
    void should_never_put_the_token_in_a_request_line() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Token"));
        pipedrive.call(PipedriveApi.GET_DEAL, created.id(), Deal.class);
        pipedrive.call(PipedriveApi.LIST_DEALS_PAGE, DealListRequest.changedSince(Instant.EPOCH), DealPage.class);
        pipedrive.call(PipedriveApi.ADD_NOTE, new NewNote(created.id(), "<p>x</p>"), Long.class);

        assertThat(pipedrive.apiCalls()).hasSize(3).allSatisfy(r -> {
            assertThat(r.path() + "?" + r.query()).doesNotContain(PipedriveHarness.TOKEN).doesNotContain("api_token");
            assertThat(r.header("x-api-token")).isEqualTo(PipedriveHarness.TOKEN);
        });
    }

    // ------------------------------------------------------------------ failures that retrying fixes

    @Test
    void should_retry_injected_500s_until_pipedrive_answers() throws Exception {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Flaky"));
        pipedrive.sim.faults().errorRate(1.0);

        Future<Deal> call = pipedrive.template.asyncRequestBody(PipedriveApi.GET_DEAL, created.id(), Deal.class);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> pipedrive.apiCallsAnswered(500) >= 2);
        pipedrive.sim.faults().none();

        assertThat(call.get().id()).isEqualTo(created.id());
        assertThat(pipedrive.apiCallsAnswered(200)).isEqualTo(1);
        assertThat(pipedrive.apiCallsAnswered(500)).isBetween(2L, 3L);
    }

    @Test
    void should_give_up_after_the_retries_with_pipedrive_unavailable_when_500s_persist() {
        var created = pipedrive.sim.createDeal(DealDraft.titled("Down"));
        pipedrive.sim.faults().errorRate(1.0);

        Throwable failure = pipedrive.failure(PipedriveApi.GET_DEAL, created.id());

        assertThat(failure).isInstanceOf(PipedriveUnavailable.class).hasMessageContaining("500");
        assertThat(pipedrive.apiCallsAnswered(500)).isEqualTo(4); // the first attempt and 3 retries
    }

    @Test
    void should_not_retry_a_404_that_follows_a_retried_500() throws Exception {
        pipedrive.sim.faults().errorRate(1.0);

        Future<Object> call = pipedrive.template.asyncRequestBody(PipedriveApi.GET_DEAL, 31337L);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> pipedrive.apiCallsAnswered(500) >= 1);
        pipedrive.sim.faults().none();

        assertThat(call).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingRootCause()
                .isInstanceOf(DealNotFound.class);
        assertThat(pipedrive.apiCallsAnswered(404)).isEqualTo(1);
    }

    private static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }
}
