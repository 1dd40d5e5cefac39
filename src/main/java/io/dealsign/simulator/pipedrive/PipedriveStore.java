package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Everything the simulated Pipedrive company holds, behind one lock. Every change to a deal that a
 * webhook would report is handed to the event sink while the lock is held, so events leave in the
 * order the changes happened.
 */
final class PipedriveStore {

    /** Pipedrive keeps deleted deals for 30 days (readable, listed with {@code status=deleted}), then purges them. */
    static final Duration DELETED_DEALS_KEPT = Duration.ofDays(30);
    static final int MAX_WEBHOOKS = 40;
    private static final Set<String> DEAL_STATUSES = Set.of("open", "won", "lost");

    /** Who made a change: {@code app} (a person in the web UI) or {@code api} (a token), and which user. */
    record Actor(String changeSource, long userId) {
    }

    /**
     * A deal and its place in the global order of modifications. Sorting by {@code update_time} uses the
     * sequence, not the (whole-second) time, so a cursor never skips a deal changed while paging.
     */
    private record Row(Deal deal, long sequence) {
    }

    private final SimClock clock;
    private final Consumer<DealEvent> eventSink;
    private final Map<Long, Row> deals = new TreeMap<>();
    private final Map<Long, Person> persons = new TreeMap<>();
    private final Map<Long, StoredFile> files = new TreeMap<>();
    private final Map<Long, Note> notes = new TreeMap<>();
    private final Map<Long, Webhook> webhooks = new TreeMap<>();
    private long nextDealId = 1;
    private long nextPersonId = 1;
    private long nextFileId = 1;
    private long nextNoteId = 1;
    private long nextWebhookId = 1;
    private long modificationSequence;

    PipedriveStore(SimClock clock, Consumer<DealEvent> eventSink) {
        this.clock = clock;
        this.eventSink = eventSink;
    }

    // ---------------------------------------------------------------- persons

    synchronized Person createPerson(String name, List<ContactValue> emails, List<ContactValue> phones, Long orgId,
                                     long ownerId) {
        if (name == null || name.isBlank()) {
            throw PipedriveApiException.badRequest("Name must be given");
        }
        String trimmed = name.trim();
        int space = trimmed.indexOf(' ');
        String first = space < 0 ? trimmed : trimmed.substring(0, space);
        String last = space < 0 ? null : trimmed.substring(space + 1).trim();
        Instant now = nowSeconds();
        Person person = new Person(nextPersonId++, trimmed, first, last, emails, phones, orgId, ownerId, now, now);
        persons.put(person.id(), person);
        return person;
    }

    synchronized Optional<Person> person(long id) {
        return Optional.ofNullable(persons.get(id));
    }

    synchronized List<Person> persons() {
        return List.copyOf(persons.values());
    }

    // ---------------------------------------------------------------- deals

    synchronized Deal createDeal(DealDraft draft, Actor actor, boolean notify) {
        if (draft.title() == null || draft.title().isBlank()) {
            throw PipedriveApiException.badRequest("Title must be given");
        }
        if (draft.personId() != null && !persons.containsKey(draft.personId())) {
            throw PipedriveApiException.badRequest("Person with id " + draft.personId() + " not found");
        }
        Instant now = nowSeconds();
        Deal deal = new Deal(nextDealId++, draft.title(), "open", draft.personId(), draft.orgId(),
                draft.ownerId() == null ? actor.userId() : draft.ownerId(), actor.userId(),
                draft.pipelineId() == null ? 1 : draft.pipelineId(), draft.stageId() == null ? 1 : draft.stageId(),
                draft.value() == null ? 0 : draft.value(), draft.currency() == null ? "EUR" : draft.currency(),
                null, now, now, now, null, null, null, null);
        deals.put(deal.id(), new Row(deal, ++modificationSequence));
        if (notify) {
            publish(DealEvent.Action.CREATE, deal, null, null, actor, null, null);
        }
        return deal;
    }

    /** Applies a change as Pipedrive's v2 PATCH would; no event and no new update_time if nothing changed. */
    synchronized Deal updateDeal(long id, DealChange change, Actor actor) {
        Deal old = liveDeal(id);
        Deal updated = applyChange(old, change);
        JsonObject previous = changedFields(old, updated);
        if (previous.isEmpty()) {
            return old;
        }
        Instant now = nowSeconds();
        Deal stamped = withUpdateTime(updated, now);
        deals.put(id, new Row(stamped, ++modificationSequence));
        publish(DealEvent.Action.CHANGE, stamped, old, previous, actor, null, null);
        return stamped;
    }

    synchronized Deal deleteDeal(long id, Actor actor) {
        Deal old = liveDeal(id);
        Deal deleted = markDeleted(old);
        publish(DealEvent.Action.DELETE, null, old, old.toV2Json(), actor, null, null);
        return deleted;
    }

    /**
     * Merges {@code fromId} into {@code toId}: the first is deleted (a {@code delete} with
     * {@code merged_to_id}), the survivor takes over the person and organization it lacked and reports a
     * {@code change} with {@code merged_from_id}. Returns the survivor.
     */
    synchronized Deal mergeDeals(long fromId, long toId, Actor actor) {
        if (fromId == toId) {
            throw PipedriveApiException.badRequest("A deal cannot be merged with itself");
        }
        Deal from = liveDeal(fromId);
        Deal to = liveDeal(toId);
        markDeleted(from);
        publish(DealEvent.Action.DELETE, null, from, from.toV2Json(), actor, toId, null);

        Deal merged = new Deal(to.id(), to.title(), to.status(),
                to.personId() != null ? to.personId() : from.personId(),
                to.orgId() != null ? to.orgId() : from.orgId(),
                to.ownerId(), to.creatorUserId(), to.pipelineId(), to.stageId(), to.value(), to.currency(),
                to.lostReason(), to.addTime(), nowSeconds(), to.stageChangeTime(), to.wonTime(), to.lostTime(),
                to.closeTime(), null);
        deals.put(toId, new Row(merged, ++modificationSequence));
        publish(DealEvent.Action.CHANGE, merged, to, changedFields(to, merged), actor, null, fromId);
        return merged;
    }

    /** A deal that is not purged: live, or deleted less than 30 days ago. */
    synchronized Optional<Deal> deal(long id) {
        Row row = deals.get(id);
        return row == null || purged(row.deal()) ? Optional.empty() : Optional.of(row.deal());
    }

    synchronized List<Deal> deals() {
        return deals.values().stream().map(Row::deal).filter(d -> !purged(d)).toList();
    }

    synchronized String dealTitle(long id) {
        Row row = deals.get(id);
        return row == null ? null : row.deal().title();
    }

    synchronized DealPage listDeals(DealQuery query) {
        ToLongFunction<Row> key = sortKey(query.sortBy());
        Comparator<Row> order = Comparator.<Row>comparingLong(key).thenComparingLong(r -> r.deal().id());
        if (!query.ascending()) {
            order = order.reversed();
        }
        Cursor after = query.cursor() == null ? null : Cursor.decode(query.cursor(), query.sortBy(), query.ascending());
        List<Row> matching = new ArrayList<>();
        for (Row row : deals.values()) {
            if (matches(row.deal(), query) && (after == null || after.isBefore(row, key, query.ascending()))) {
                matching.add(row);
            }
        }
        matching.sort(order);
        List<Row> page = matching.subList(0, Math.min(query.limit(), matching.size()));
        String next = null;
        if (matching.size() > query.limit()) {
            Row last = page.get(page.size() - 1);
            next = new Cursor(query.sortBy(), query.ascending(), key.applyAsLong(last), last.deal().id()).encode();
        }
        return new DealPage(page.stream().map(Row::deal).toList(), next);
    }

    // ---------------------------------------------------------------- files and notes

    synchronized StoredFile addFile(long dealId, String name, String contentType, byte[] bytes, long userId) {
        liveDeal(dealId);
        String safeName = name == null || name.isBlank() ? "file" : name;
        int dot = safeName.lastIndexOf('.');
        String base = dot > 0 ? safeName.substring(0, dot) : safeName;
        String extension = dot > 0 ? safeName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong()).substring(0, 6);
        String storedName = base + "_" + suffix + (extension.isEmpty() ? "" : "." + extension);
        StoredFile file = new StoredFile(nextFileId++, safeName, storedName, dealId,
                contentType == null ? "application/octet-stream" : contentType,
                extension.isEmpty() ? "file" : extension, bytes.clone(), userId, nowSeconds());
        files.put(file.id(), file);
        return file;
    }

    synchronized Optional<StoredFile> file(long id) {
        return Optional.ofNullable(files.get(id));
    }

    synchronized List<StoredFile> files() {
        return List.copyOf(files.values());
    }

    synchronized List<StoredFile> filesOfDeal(long dealId) {
        return files.values().stream().filter(f -> f.dealId() == dealId).toList();
    }

    synchronized Note addNote(long dealId, String content, boolean pinned, long userId) {
        if (content == null || content.isBlank()) {
            throw PipedriveApiException.badRequest("Content must be given");
        }
        liveDeal(dealId);
        Note note = new Note(nextNoteId++, content, dealId, userId, pinned, nowSeconds());
        notes.put(note.id(), note);
        return note;
    }

    synchronized List<Note> notes() {
        return List.copyOf(notes.values());
    }

    synchronized List<Note> notesOfDeal(long dealId) {
        return notes.values().stream().filter(n -> n.dealId() == dealId).toList();
    }

    // ---------------------------------------------------------------- webhook subscriptions

    synchronized Webhook addWebhook(String url, String action, String object, String version, String authUser,
                                    String authPassword, String name, long userId, long companyId) {
        if (webhooks.size() >= MAX_WEBHOOKS) {
            throw new PipedriveApiException(422, "Webhooks limit reached");
        }
        Webhook webhook = new Webhook(nextWebhookId++, url, action, object, version, authUser, authPassword, name,
                userId, companyId, nowSeconds());
        webhooks.put(webhook.id(), webhook);
        return webhook;
    }

    synchronized boolean removeWebhook(long id) {
        return webhooks.remove(id) != null;
    }

    synchronized Optional<Webhook> webhook(long id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    synchronized List<Webhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    // ---------------------------------------------------------------- internals

    private Instant nowSeconds() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private boolean purged(Deal deal) {
        return deal.isDeleted() && !deal.deleteTime().isAfter(clock.instant().minus(DELETED_DEALS_KEPT));
    }

    /** A deal that can still be changed: it exists and is not deleted. */
    private Deal liveDeal(long id) {
        Row row = deals.get(id);
        if (row == null || row.deal().isDeleted()) {
            throw PipedriveApiException.notFound("Deal not found");
        }
        return row.deal();
    }

    private Deal markDeleted(Deal old) {
        Instant now = nowSeconds();
        Deal deleted = new Deal(old.id(), old.title(), old.status(), old.personId(), old.orgId(), old.ownerId(),
                old.creatorUserId(), old.pipelineId(), old.stageId(), old.value(), old.currency(), old.lostReason(),
                old.addTime(), now, old.stageChangeTime(), old.wonTime(), old.lostTime(), old.closeTime(), now);
        deals.put(old.id(), new Row(deleted, ++modificationSequence));
        return deleted;
    }

    private void publish(DealEvent.Action action, Deal current, Deal before, JsonObject previous, Actor actor,
                         Long mergedToId, Long mergedFromId) {
        long dealId = current != null ? current.id() : before.id();
        eventSink.accept(new DealEvent(UUID.randomUUID().toString(), action, dealId, current, before, previous,
                actor.changeSource(), actor.userId(), clock.instant(), mergedToId, mergedFromId));
    }

    /** The fields that differ, with their old values; {@code update_time} does not count, as in Pipedrive's examples. */
    private static JsonObject changedFields(Deal old, Deal updated) {
        JsonObject before = old.toV2Json();
        JsonObject after = updated.toV2Json();
        JsonObject previous = new JsonObject();
        for (String field : after.fieldNames()) {
            if (!field.equals("update_time") && !Objects.equals(before.getValue(field), after.getValue(field))) {
                previous.put(field, before.getValue(field));
            }
        }
        return previous;
    }

    private static Deal withUpdateTime(Deal d, Instant now) {
        return new Deal(d.id(), d.title(), d.status(), d.personId(), d.orgId(), d.ownerId(), d.creatorUserId(),
                d.pipelineId(), d.stageId(), d.value(), d.currency(), d.lostReason(), d.addTime(), now,
                d.stageChangeTime(), d.wonTime(), d.lostTime(), d.closeTime(), d.deleteTime());
    }

    /** Validates like v2 (numbers must be numbers, status one of three) and derives the time fields a status sets. */
    private Deal applyChange(Deal old, DealChange change) {
        Map<String, Object> f = change.fields();
        String title = f.containsKey("title") ? requireText(f.get("title"), "title") : old.title();
        String status = old.status();
        if (f.containsKey("status")) {
            Object value = f.get("status");
            if (!(value instanceof String s) || !DEAL_STATUSES.contains(s)) {
                throw PipedriveApiException.badRequest("Invalid status: must be one of open, won, lost");
            }
            status = s;
        }
        long pipelineId = f.containsKey("pipeline_id") ? requireId(f.get("pipeline_id"), "pipeline_id") : old.pipelineId();
        long stageId = f.containsKey("stage_id") ? requireId(f.get("stage_id"), "stage_id") : old.stageId();
        long ownerId = f.containsKey("owner_id") ? requireId(f.get("owner_id"), "owner_id") : old.ownerId();
        Long personId = f.containsKey("person_id") ? optionalId(f.get("person_id"), "person_id") : old.personId();
        if (personId != null && !personId.equals(old.personId()) && !persons.containsKey(personId)) {
            throw PipedriveApiException.badRequest("Person with id " + personId + " not found");
        }
        Long orgId = f.containsKey("org_id") ? optionalId(f.get("org_id"), "org_id") : old.orgId();
        double value = old.value();
        if (f.containsKey("value")) {
            if (!(f.get("value") instanceof Number n)) {
                throw PipedriveApiException.badRequest("value must be a number");
            }
            value = n.doubleValue();
        }
        String currency = f.containsKey("currency") ? requireText(f.get("currency"), "currency") : old.currency();

        Instant now = nowSeconds();
        Instant wonTime = old.wonTime();
        Instant lostTime = old.lostTime();
        Instant closeTime = old.closeTime();
        String lostReason = old.lostReason();
        if (!status.equals(old.status())) {
            switch (status) {
                case "won" -> { wonTime = now; lostTime = null; closeTime = now; lostReason = null; }
                case "lost" -> { lostTime = now; wonTime = null; closeTime = now; }
                default -> { wonTime = null; lostTime = null; closeTime = null; lostReason = null; }
            }
        }
        if (f.containsKey("lost_reason")) {
            Object reason = f.get("lost_reason");
            if (reason != null && !(reason instanceof String)) {
                throw PipedriveApiException.badRequest("lost_reason must be a string");
            }
            if (reason != null && !"lost".equals(status)) {
                throw PipedriveApiException.badRequest("lost_reason can only be set if deal status is lost");
            }
            lostReason = (String) reason;
        }
        Instant stageChangeTime = stageId != old.stageId() || pipelineId != old.pipelineId() ? now : old.stageChangeTime();
        return new Deal(old.id(), title, status, personId, orgId, ownerId, old.creatorUserId(), pipelineId, stageId,
                value, currency, lostReason, old.addTime(), old.updateTime(), stageChangeTime, wonTime, lostTime,
                closeTime, null);
    }

    private static String requireText(Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw PipedriveApiException.badRequest(field + " must be a non-empty string");
        }
        return s;
    }

    private static long requireId(Object value, String field) {
        Long id = optionalId(value, field);
        if (id == null) {
            throw PipedriveApiException.badRequest(field + " must be a positive integer");
        }
        return id;
    }

    /** v2 is strict: {@code "7"} is not an id, {@code 7} is. */
    private static Long optionalId(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw PipedriveApiException.badRequest(field + " must be a positive integer");
    }

    private boolean matches(Deal deal, DealQuery q) {
        if (purged(deal)) {
            return false;
        }
        boolean statusMatches = q.statuses().isEmpty()
                ? !deal.isDeleted()
                : deal.isDeleted() ? q.statuses().contains("deleted") : q.statuses().contains(deal.status());
        return statusMatches
                && (q.updatedSince() == null || !deal.updateTime().isBefore(q.updatedSince()))
                && (q.updatedUntil() == null || deal.updateTime().isBefore(q.updatedUntil()))
                && (q.ownerId() == null || q.ownerId() == deal.ownerId())
                && (q.personId() == null || q.personId().equals(deal.personId()))
                && (q.pipelineId() == null || q.pipelineId() == deal.pipelineId())
                && (q.stageId() == null || q.stageId() == deal.stageId());
    }

    private static ToLongFunction<Row> sortKey(String sortBy) {
        return switch (sortBy) {
            case "id" -> r -> r.deal().id();
            case "add_time" -> r -> r.deal().addTime().getEpochSecond();
            case "update_time" -> Row::sequence;
            default -> throw PipedriveApiException.badRequest("sort_by must be one of id, update_time, add_time");
        };
    }

    /**
     * Keyset position: the sort key and id of the last deal handed out. Paging resumes strictly after it,
     * so deals that change between pages move instead of shifting every later page.
     */
    private record Cursor(String sortBy, boolean ascending, long key, long id) {

        String encode() {
            String plain = sortBy + "|" + (ascending ? "asc" : "desc") + "|" + key + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text, String sortBy, boolean ascending) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                Cursor cursor = new Cursor(parts[0], "asc".equals(parts[1]), Long.parseLong(parts[2]),
                        Long.parseLong(parts[3]));
                if (!cursor.sortBy.equals(sortBy) || cursor.ascending != ascending) {
                    throw PipedriveApiException.badRequest("Cursor does not match sort_by and sort_direction");
                }
                return cursor;
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw PipedriveApiException.badRequest("Invalid cursor");
            }
        }

        boolean isBefore(Row row, ToLongFunction<Row> keyOf, boolean asc) {
            int cmp = Long.compare(keyOf.applyAsLong(row), key);
            if (cmp == 0) {
                cmp = Long.compare(row.deal().id(), id);
            }
            return asc ? cmp > 0 : cmp < 0;
        }
    }
}
