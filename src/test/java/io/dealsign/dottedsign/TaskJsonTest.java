package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** DottedSign's answers read by the contract's tolerance rules. */
class TaskJsonTest {

    private static JsonNode json(String text) {
        return Json.read(text.replace('\'', '"'), JsonNode.class);
    }

    @Test
    void should_read_a_task_that_says_id_instead_of_task_id_with_ids_as_strings() {
        SignTask task = TaskJson.task(json("{'data':{'id':'123456','file_name':'Contract','status':'waiting'}}"));

        assertThat(task.taskId()).isEqualTo(123456L);
        assertThat(task.fileName()).isEqualTo("Contract");
        assertThat(task.status()).isEqualTo("waiting");
    }

    @Test
    void should_read_the_deal_id_whether_metadata_holds_a_number_a_string_or_a_decimal() {
        assertThat(TaskJson.task(json("{'task_id':1,'metadata':{'pipedrive_deal_id':42}}")).dealId()).contains(42L);
        assertThat(TaskJson.task(json("{'task_id':1,'metadata':{'pipedrive_deal_id':' 42 '}}")).dealId()).contains(42L);
        assertThat(TaskJson.task(json("{'task_id':1,'metadata':{'pipedrive_deal_id':42.0}}")).dealId()).contains(42L);
        assertThat(TaskJson.task(json("{'task_id':1,'metadata':{'pipedrive_deal_id':'deal-42'}}")).dealId()).isEmpty();
        assertThat(TaskJson.task(json("{'task_id':1,'metadata':{'pipedrive_deal_id':null}}")).dealId()).isEmpty();
        assertThat(TaskJson.task(json("{'task_id':1}")).dealId()).isEmpty();
    }

    @Test
    void should_read_metadata_that_comes_as_a_json_string() {
        SignTask task = TaskJson.task(json("{'task_id':1,'metadata':'{\\'pipedrive_deal_id\\':7,\\'a\\':true}'}"));

        assertThat(task.metadata()).containsEntry("pipedrive_deal_id", "7").containsEntry("a", "true");
    }

    @Test
    void should_read_timestamps_as_epoch_seconds_epoch_milliseconds_or_iso() {
        SignTask seconds = TaskJson.task(json("{'task_id':1,'created_at':1767600000,'updated_at':'1767600000123'}"));
        SignTask iso = TaskJson.task(json("{'task_id':1,'created_at':'2026-01-05T08:00:00.000+08:00','updated_at':'2026-01-05T00:00:01Z'}"));

        assertThat(seconds.createdAt()).isEqualTo(Instant.ofEpochSecond(1767600000));
        assertThat(seconds.updatedAt()).isEqualTo(Instant.ofEpochMilli(1767600000123L));
        assertThat(iso.createdAt()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(iso.updatedAt()).isEqualTo(Instant.parse("2026-01-05T00:00:01Z"));
    }

    @Test
    void should_ignore_unknown_fields_and_leave_missing_ones_empty() {
        SignTask task = TaskJson.task(json("{'task_id':9,'owner':{'email':'x@y'},'stages':[{'email':'a@b','extra':1},'junk'],"
                + "'created_at':'not a time'}"));

        assertThat(task.fileName()).isNull();
        assertThat(task.status()).isNull();
        assertThat(task.metadata()).isEmpty();
        assertThat(task.createdAt()).isNull();
        assertThat(task.signers()).containsExactly(new Signer(null, "a@b", null));
    }

    @Test
    void should_keep_the_requested_task_id_when_the_answer_leaves_it_out() {
        assertThat(TaskJson.task(json("{'data':{'status':'draft'}}"), 77).taskId()).isEqualTo(77);
    }

    @Test
    void should_read_a_page_and_skip_entries_without_an_id() {
        TaskPage page = TaskJson.page(json("{'data':{'tasks':[{'task_id':1},{'file_name':'no id'},{'id':'2'}],"
                + "'current_page':'2','total_pages':5}}"), new TaskPageRequest(2, 3));

        assertThat(page.tasks()).extracting(SignTask::taskId).containsExactly(1L, 2L);
        assertThat(page.currentPage()).isEqualTo(2);
        assertThat(page.totalPages()).isEqualTo(5);
    }

    @Test
    void should_assume_another_page_after_a_non_empty_page_when_paging_fields_are_missing() {
        TaskPage shortPage = TaskJson.page(json("{'data':{'tasks':[{'task_id':1}]}}"), new TaskPageRequest(3, 100));
        TaskPage emptyPage = TaskJson.page(json("{'data':{'tasks':[]}}"), new TaskPageRequest(4, 100));

        assertThat(shortPage.currentPage()).isEqualTo(3);
        assertThat(shortPage.hasMore()).isTrue();
        assertThat(emptyPage.hasMore()).isFalse();
    }

    @Test
    void should_find_the_download_link_in_each_shape_seen() {
        assertThat(TaskJson.downloadUrl(json("{'data':{'completed':{'url':'https://s3/a.pdf'}}}"), "completed"))
                .contains("https://s3/a.pdf");
        assertThat(TaskJson.downloadUrl(json("{'data':{'audit_trail':'https://s3/b.pdf'}}"), "audit_trail"))
                .contains("https://s3/b.pdf");
        assertThat(TaskJson.downloadUrl(json("{'data':{'url':'https://s3/c.pdf'}}"), "original")).contains("https://s3/c.pdf");
        assertThat(TaskJson.downloadUrl(json("{'data':{'completed':{}}}"), "completed")).isEmpty();
    }
}
