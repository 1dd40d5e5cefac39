package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveFilesAndNotesTest extends SimulatorTestSupport {

    private static final byte[] PDF = "%PDF-1.7\nsigned contract\n%%EOF".getBytes(StandardCharsets.UTF_8);

    @Test
    void multipart_upload_attaches_the_file_to_the_deal_then_lists_and_downloads_it() {
        long dealId = sim.createDeal("Acme", null).id();

        ApiClient.Reply upload = api.postMultipart("/api/v1/files", Map.of("deal_id", String.valueOf(dealId)),
                "Contract-1-signed.pdf", "application/pdf", PDF);

        assertThat(upload.status()).isEqualTo(201);
        JsonObject file = upload.json().getJsonObject("data");
        assertThat(upload.json().getBoolean("success")).isTrue();
        assertThat(file.getValue("id")).isEqualTo(1);
        assertThat(file.getValue("deal_id")).isEqualTo((int) dealId);
        assertThat(file.getString("name")).isEqualTo("Contract-1-signed.pdf");
        assertThat(file.getString("file_name")).startsWith("Contract-1-signed_").endsWith(".pdf");
        assertThat(file.getLong("file_size")).isEqualTo(PDF.length);
        assertThat(file.getString("file_type")).isEqualTo("pdf");
        assertThat(file.getString("add_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

        JsonArray ofDeal = api.get("/api/v1/deals/" + dealId + "/files").json().getJsonArray("data");
        assertThat(ofDeal).hasSize(1);
        assertThat(ofDeal.getJsonObject(0).getString("name")).isEqualTo("Contract-1-signed.pdf");
        assertThat(api.get("/api/v1/files").json().getJsonArray("data")).hasSize(1);

        ApiClient.Reply download = api.get("/api/v1/files/" + file.getLong("id") + "/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("content-type")).isEqualTo("application/pdf");
        assertThat(download.body()).isEqualTo(PDF);

        StoredFile stored = sim.filesOfDeal(dealId).get(0);
        assertThat(stored.bytes()).isEqualTo(PDF);
        assertThat(stored.contentType()).isEqualTo("application/pdf");
    }

    @Test
    void upload_without_a_file_part_or_without_deal_id_is_400() {
        long dealId = sim.createDeal("Acme", null).id();

        ApiClient.Reply noFile = api.postMultipart("/api/v1/files", Map.of("deal_id", String.valueOf(dealId)), null, null, null);
        ApiClient.Reply noDeal = api.postMultipart("/api/v1/files", Map.of(), "a.pdf", "application/pdf", PDF);
        ApiClient.Reply json = api.post("/api/v1/files", new JsonObject().put("deal_id", dealId));

        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().getBoolean("success")).isFalse();
        assertThat(noDeal.status()).isEqualTo(400);
        assertThat(json.status()).isEqualTo(400);
        assertThat(sim.files()).isEmpty();
    }

    @Test
    void upload_to_an_unknown_or_deleted_deal_is_404() {
        long dealId = sim.createDeal("Acme", null).id();
        sim.deleteDeal(dealId);

        assertThat(api.postMultipart("/api/v1/files", Map.of("deal_id", "99"), "a.pdf", "application/pdf", PDF).status())
                .isEqualTo(404);
        assertThat(api.postMultipart("/api/v1/files", Map.of("deal_id", String.valueOf(dealId)), "a.pdf", "application/pdf", PDF)
                .status()).isEqualTo(404);
    }

    @Test
    void file_listing_pages_with_v1_start_and_limit() {
        long dealId = sim.createDeal("Acme", null).id();
        for (int i = 0; i < 3; i++) {
            api.postMultipart("/api/v1/files", Map.of("deal_id", String.valueOf(dealId)), "f" + i + ".pdf", "application/pdf", PDF);
        }

        JsonObject first = api.get("/api/v1/deals/" + dealId + "/files?start=0&limit=2").json();
        JsonObject second = api.get("/api/v1/deals/" + dealId + "/files?start=2&limit=2").json();

        JsonObject pagination = first.getJsonObject("additional_data").getJsonObject("pagination");
        assertThat(first.getJsonArray("data")).hasSize(2);
        assertThat(pagination.getBoolean("more_items_in_collection")).isTrue();
        assertThat(pagination.getInteger("next_start")).isEqualTo(2);
        assertThat(second.getJsonArray("data")).hasSize(1);
        assertThat(second.getJsonObject("additional_data").getJsonObject("pagination").getBoolean("more_items_in_collection")).isFalse();
    }

    @Test
    void note_is_added_to_the_deal_and_listed_by_deal_id() {
        long dealId = sim.createDeal("Acme", null).id();
        long otherDeal = sim.createDeal("Other", null).id();

        ApiClient.Reply reply = api.post("/api/v1/notes", new JsonObject()
                .put("content", "<p>Contract signed by Jane Doe</p>").put("deal_id", dealId));
        api.post("/api/v1/notes", new JsonObject().put("content", "<p>elsewhere</p>").put("deal_id", otherDeal));

        assertThat(reply.status()).isEqualTo(201);
        JsonObject note = reply.json().getJsonObject("data");
        assertThat(note.getValue("id")).isEqualTo(1);
        assertThat(note.getString("content")).isEqualTo("<p>Contract signed by Jane Doe</p>");
        assertThat(note.getValue("deal_id")).isEqualTo((int) dealId);
        assertThat(note.getString("add_time")).isNotBlank();

        JsonArray listed = api.get("/api/v1/notes?deal_id=" + dealId).json().getJsonArray("data");
        assertThat(listed).hasSize(1);
        assertThat(sim.notesOfDeal(dealId)).extracting(Note::content).containsExactly("<p>Contract signed by Jane Doe</p>");
    }

    @Test
    void note_without_content_or_deal_is_400_and_on_an_unknown_deal_404() {
        long dealId = sim.createDeal("Acme", null).id();

        assertThat(api.post("/api/v1/notes", new JsonObject().put("deal_id", dealId)).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/notes", new JsonObject().put("content", "x")).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/notes", new JsonObject().put("content", "x").put("deal_id", 77)).status()).isEqualTo(404);
        assertThat(sim.notes()).isEmpty();
    }
}
