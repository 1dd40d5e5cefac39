package io.dealsign.durability;

import io.dealsign.contract.Contracts;
import io.dealsign.pipedrive.DealFile;
import io.dealsign.pipedrive.DealNote;
import io.dealsign.pipedrive.NewNote;
import io.dealsign.pipedrive.PipedriveApi;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;
import io.dealsign.testing.RunningService;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the flows use to recover a note or a file that reached Pipedrive before a crash: the
 * {@code direct:pipedrive-list-deal-notes} endpoint (every page, only that deal's notes), and the
 * comparisons that recognise a note or a file when Pipedrive gives it back a little changed.
 */
class DealNotesTest {

    private static final String TOKEN = "notes-test-token";

    @Test
    void should_list_every_note_of_a_deal_page_after_page_and_no_other_deals_notes() {
        try (PipedriveSimulator pipedrive = new PipedriveSimulator(TOKEN).start();
             RunningService service = RunningService.builder()
                     .property("pipedrive.base-url", pipedrive.baseUrl())
                     .property("pipedrive.api-token", TOKEN)
                     .property("pipedrive.rate-limit.requests", "1000")
                     .start()) {
            ProducerTemplate api = service.camelContext().createProducerTemplate();
            Deal deal = pipedrive.createDeal(DealDraft.titled("Many notes"));
            Deal other = pipedrive.createDeal(DealDraft.titled("Other"));
            for (int i = 0; i < 130; i++) {
                api.requestBody(PipedriveApi.ADD_NOTE, new NewNote(deal.id(), "<p>note " + i + "</p>"));
            }
            api.requestBody(PipedriveApi.ADD_NOTE, new NewNote(other.id(), "<p>not this one</p>"));
            pipedrive.requests().clear();

            @SuppressWarnings("unchecked")
            List<DealNote> notes = api.requestBody(PipedriveApi.LIST_DEAL_NOTES, deal.id(), List.class);

            assertThat(notes).hasSize(130).allSatisfy(note -> assertThat(note.dealId()).isEqualTo(deal.id()));
            assertThat(notes).extracting(DealNote::content).contains("<p>note 0</p>", "<p>note 129</p>");
            assertThat(pipedrive.requests().calls("GET", "/api/v1/notes")).hasSize(2)
                    .allSatisfy(request -> assertThat(request.query()).contains("deal_id=" + deal.id()));
        }
    }

    @Test
    void should_recognise_a_note_whose_html_pipedrive_rewrote() {
        Contracts contracts = new Contracts(Path.of("archive"), null, null, Map.of());
        NewNote note = contracts.outcomeNote(7, 123, "declined");
        List<DealNote> onTheDeal = List.of(new DealNote(1, 7L, "<p>Someone else's note</p>"),
                new DealNote(2, 7L, "<p><strong>The contract was declined by a signer</strong>\n(DottedSign task 123).</p>"));

        assertThat(contracts.hasNote(onTheDeal, note)).isTrue();
        assertThat(contracts.hasNote(onTheDeal, contracts.outcomeNote(7, 124, "declined"))).isFalse();
        assertThat(contracts.hasNote(onTheDeal, contracts.outcomeNote(7, 123, "expired"))).isFalse();
        assertThat(contracts.hasNote(List.of(), note)).isFalse();
    }

    @Test
    void should_recognise_a_signed_file_whose_name_came_back_changed() {
        Contracts contracts = new Contracts(Path.of("archive"), null, null, Map.of());
        List<DealFile> files = List.of(new DealFile(1, "Offer.pdf", 7L, 10L),
                new DealFile(2, "Contract - Acme  Inc (signed).pdf", 7L, 10L));

        assertThat(contracts.fileNamed(files, "Contract - Acme, Inc (signed).pdf")).extracting(DealFile::id).isEqualTo(2L);
        assertThat(contracts.fileNamed(files, "Contract - Acme, Inc (audit trail).pdf")).isNull();
        assertThat(contracts.fileNamed(files, "Offer.pdf")).extracting(DealFile::id).isEqualTo(1L);
    }
}
