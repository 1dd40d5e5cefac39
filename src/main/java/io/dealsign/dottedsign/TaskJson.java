package io.dealsign.dottedsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads DottedSign's answers into records, by the contract's tolerance rules: {@code task_id} or
 * {@code id}, ids and metadata values as numbers or strings, timestamps as epoch seconds, epoch
 * milliseconds or ISO-8601, unknown fields ignored, missing optional fields left empty.
 */
final class TaskJson {

    private TaskJson() {
    }

    /** The {@code data} of a success body, or the body itself when it is not wrapped. */
    static JsonNode data(JsonNode root) {
        return Json.field(root, "data").filter(JsonNode::isContainerNode).orElse(root);
    }

    static SignTask task(JsonNode node) {
        JsonNode task = data(node);
        return task(task, taskId(task).orElseThrow(() -> new IllegalArgumentException("the task has no task_id")));
    }

    /** A task whose id is known from the request, in case the answer leaves it out. */
    static SignTask task(JsonNode node, long requestedTaskId) {
        JsonNode task = data(node);
        return new SignTask(taskId(task).orElse(requestedTaskId),
                Json.text(task, "file_name").orElse(null),
                Json.text(task, "status").orElse(null),
                metadata(Json.field(task, "metadata").orElse(null)),
                Json.instant(task, "created_at").orElse(null),
                Json.instant(task, "updated_at").orElse(null),
                signers(task));
    }

    static Optional<Long> taskId(JsonNode task) {
        return Json.id(task, "task_id").or(() -> Json.id(task, "id"));
    }

    /**
     * A page of the list. Paging fields DottedSign leaves out are inferred: the page asked for, and one
     * more page after any page that is not empty (DottedSign may cap {@code per_page} below what was
     * asked, so a short page does not prove it is the last).
     */
    static TaskPage page(JsonNode root, TaskPageRequest request) {
        JsonNode data = data(root);
        JsonNode array = Json.field(data, "tasks").filter(JsonNode::isArray)
                .orElseGet(() -> data.isArray() ? data : Json.MAPPER.createArrayNode());
        List<SignTask> tasks = new ArrayList<>();
        for (JsonNode item : array) {
            // A list entry without an id is of no use to anyone; it is skipped rather than failing the page.
            if (item.isObject() && taskId(item).isPresent()) {
                tasks.add(task(item));
            }
        }
        int currentPage = Json.id(data, "current_page").map(Long::intValue).orElse(request.page());
        int totalPages = Json.id(data, "total_pages").map(Long::intValue)
                .orElse(array.isEmpty() ? currentPage : currentPage + 1);
        return new TaskPage(tasks, currentPage, totalPages);
    }

    /**
     * The download link for one file type. ASSUMED shape {@code {<file_type>: {url}}}; a bare string
     * under the file type, or a single {@code url}, is read too.
     */
    static Optional<String> downloadUrl(JsonNode root, String fileType) {
        JsonNode data = data(root);
        Optional<JsonNode> entry = Json.field(data, fileType);
        if (entry.isPresent()) {
            JsonNode value = entry.get();
            return value.isTextual() ? Json.text(data, fileType) : Json.text(value, "url");
        }
        return Json.text(data, "url");
    }

    /** Metadata as text values; DottedSign's examples send numbers, its answers may hold strings. */
    static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null) {
            return metadata;
        }
        JsonNode object = node;
        if (node.isTextual()) {
            // Some APIs hand metadata back as a JSON string; read it if it is one.
            try {
                object = Json.MAPPER.readTree(node.asText());
            } catch (Exception notJson) {
                return metadata;
            }
        }
        if (object == null || !object.isObject()) {
            return metadata;
        }
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                return;
            }
            String text;
            if (value.isFloatingPointNumber()) {
                text = value.decimalValue().stripTrailingZeros().toPlainString();
            } else if (value.isValueNode()) {
                text = value.asText();
            } else {
                text = value.toString();
            }
            metadata.put(field.getKey(), text);
        });
        return metadata;
    }

    private static List<Signer> signers(JsonNode task) {
        JsonNode stages = Json.field(task, "stages").filter(JsonNode::isArray)
                .or(() -> Json.field(task, "signers").filter(JsonNode::isArray))
                .orElse(null);
        List<Signer> signers = new ArrayList<>();
        if (stages == null) {
            return signers;
        }
        for (JsonNode stage : stages) {
            if (stage.isObject()) {
                signers.add(new Signer(Json.text(stage, "name").orElse(null), Json.text(stage, "email").orElse(null),
                        Json.text(stage, "status").orElse(null)));
            }
        }
        return signers;
    }
}
