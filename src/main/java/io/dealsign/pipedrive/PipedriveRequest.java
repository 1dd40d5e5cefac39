package io.dealsign.pipedrive;

import io.dealsign.json.Json;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One Pipedrive call, described without any HTTP machinery so that every attempt can build it afresh.
 * {@code dealId} / {@code personId} name what the call is about, for log lines and for telling a missing
 * deal from a missing person on a 404. The token is never part of it: the HTTP client adds it as a header.
 */
record PipedriveRequest(String method, String path, Map<String, String> query, Object jsonBody, NewFile file,
                        Long dealId, Long personId) {

    private static final ContentType PDF = ContentType.create("application/pdf");

    PipedriveRequest {
        query = query == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(query));
    }

    static PipedriveRequest getDeal(long dealId) {
        return new PipedriveRequest("GET", "/api/v2/deals/" + dealId, null, null, null, dealId, null);
    }

    static PipedriveRequest getPerson(long personId) {
        return new PipedriveRequest("GET", "/api/v2/persons/" + personId, null, null, null, null, personId);
    }

    static PipedriveRequest updateDeal(DealUpdate update) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (update.status() != null) {
            body.put("status", update.status());
        }
        if (update.stageId() != null) {
            body.put("stage_id", update.stageId());
        }
        if (update.pipelineId() != null) {
            body.put("pipeline_id", update.pipelineId());
        }
        if (update.lostReason() != null) {
            body.put("lost_reason", update.lostReason());
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a DealUpdate for deal " + update.dealId() + " changes nothing");
        }
        return new PipedriveRequest("PATCH", "/api/v2/deals/" + update.dealId(), null, body, null, update.dealId(), null);
    }

    static PipedriveRequest addNote(NewNote note) {
        if (note.htmlContent() == null || note.htmlContent().isBlank()) {
            throw new IllegalArgumentException("a note for deal " + note.dealId() + " needs content");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", note.htmlContent());
        body.put("deal_id", note.dealId());
        return new PipedriveRequest("POST", "/api/v1/notes", null, body, null, note.dealId(), null);
    }

    static PipedriveRequest attachFile(NewFile file) {
        if (file.pdf() == null || file.pdf().length == 0 || file.fileName() == null || file.fileName().isBlank()) {
            throw new IllegalArgumentException("a file for deal " + file.dealId() + " needs a name and bytes");
        }
        return new PipedriveRequest("POST", "/api/v1/files", null, null, file, file.dealId(), null);
    }

    static PipedriveRequest listWebhooks() {
        return new PipedriveRequest("GET", "/api/v1/webhooks", null, null, null, null, null);
    }

    static PipedriveRequest createWebhook(NewWebhookSubscription subscription) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscription_url", subscription.subscriptionUrl());
        body.put("event_action", "*");
        body.put("event_object", "deal");
        // Always sent: without it Pipedrive has created v1 webhooks.
        body.put("version", "2.0");
        body.put("http_auth_user", subscription.httpAuthUser());
        body.put("http_auth_password", subscription.httpAuthPassword());
        body.put("name", subscription.name());
        return new PipedriveRequest("POST", "/api/v1/webhooks", null, body, null, null, null);
    }

    static PipedriveRequest listDealFiles(long dealId, int start, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("start", String.valueOf(start));
        query.put("limit", String.valueOf(limit));
        return new PipedriveRequest("GET", "/api/v1/deals/" + dealId + "/files", query, null, null, dealId, null);
    }

    static PipedriveRequest listDealNotes(long dealId, int start, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("deal_id", String.valueOf(dealId));
        query.put("start", String.valueOf(start));
        query.put("limit", String.valueOf(limit));
        return new PipedriveRequest("GET", "/api/v1/notes", query, null, null, dealId, null);
    }

    static PipedriveRequest listDeals(DealListRequest list) {
        Map<String, String> query = new LinkedHashMap<>();
        if (list.updatedSince() != null) {
            // RFC 3339 in UTC, whole seconds: what Pipedrive's examples show
            query.put("updated_since", DateTimeFormatter.ISO_INSTANT.format(list.updatedSince().truncatedTo(ChronoUnit.SECONDS)));
        }
        if (list.status() != null && !list.status().isBlank()) {
            query.put("status", list.status().trim());
        }
        query.put("sort_by", "update_time");
        query.put("sort_direction", "asc");
        query.put("limit", String.valueOf(list.effectiveLimit()));
        if (list.cursor() != null && !list.cursor().isBlank()) {
            query.put("cursor", list.cursor());
        }
        return new PipedriveRequest("GET", "/api/v2/deals", query, null, null, null, null);
    }

    /**
     * Whether sending it twice is harmless. A POST whose answer was lost may have been stored, so it is
     * repeated only when it surely never arrived (the connection could not be opened).
     */
    boolean idempotent() {
        return !"POST".equals(method);
    }

    String url(String baseUrl) {
        if (query.isEmpty()) {
            return baseUrl + path;
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        // a stable order keeps URLs comparable in logs and tests
        new TreeMap<>(query).forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return baseUrl + path + joined;
    }

    /** The body of this attempt; null for a GET. Built anew each time, so a retry never sends a consumed stream. */
    HttpEntity entity() {
        if (file != null) {
            return MultipartEntityBuilder.create()
                    .addBinaryBody("file", file.pdf(), PDF, file.fileName())
                    .addTextBody("deal_id", String.valueOf(file.dealId()))
                    .build();
        }
        if (jsonBody != null) {
            return new StringEntity(Json.write(jsonBody), ContentType.APPLICATION_JSON);
        }
        return null;
    }

    /** For log lines: {@code GET /api/v2/deals/42 (deal 42)}. */
    String describe() {
        String subject = dealId != null ? " (deal " + dealId + ")" : personId != null ? " (person " + personId + ")" : "";
        return method + " " + path + subject;
    }

    /** The exception for a 404 on this call. */
    PipedriveApiException notFound(String error, String errorInfo) {
        if (personId != null) {
            return new PersonNotFound(personId, error, errorInfo);
        }
        if (dealId != null) {
            return new DealNotFound(dealId, error, errorInfo);
        }
        return new PipedriveApiException(404, error == null ? "not found" : error, errorInfo);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return describe();
    }
}
