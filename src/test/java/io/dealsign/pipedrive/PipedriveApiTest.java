package io.dealsign.pipedrive;

import io.dealsign.simulator.RecordedRequest;
import io.dealsign.simulator.pipedrive.ContactValue;
import io.dealsign.simulator.pipedrive.DealDraft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoints against the Pipedrive simulator over real HTTP, through the whole running service. */
class PipedriveApiTest {

    private static PipedriveHarness pipedrive;

    @BeforeAll
    static void start() {
        pipedrive = PipedriveHarness.start();
    }

    @AfterAll
    static void stop() {
        pipedrive.close();
    }

    @AfterEach
    void reset() {
        pipedrive.reset();
    }

    @Test
    void should_read_a_deal_with_its_person_stage_pipeline_and_value() {
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
        assertThat(deal.value()).isEqualByComparingTo(new BigDecimal("1500.10"));
        assertThat(deal.currency()).isEqualTo("EUR");
        assertThat(deal.ownerId()).isNotNull();
        assertThat(deal.updateTime()).isNotNull();
        assertThat(deal.deleted()).isFalse();
    }
}
