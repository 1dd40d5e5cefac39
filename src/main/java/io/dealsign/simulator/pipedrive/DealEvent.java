package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Something that happened to a deal and is worth a webhook: one event, one UUID, however many
 * subscriptions and attempts deliver it.
 *
 * @param previousV2   what v2's {@code previous} says: null on create, only the changed fields (old values)
 *                     on change, the last full state on delete. Not to be mutated.
 * @param before       the full deal before the event (v1's {@code previous}); null on create
 * @param current      the deal after the event; null on delete
 * @param mergedToId   set on the delete of a deal merged away
 * @param mergedFromId set on the change of the deal that survived a merge
 */
public record DealEvent(String id, Action action, long dealId, Deal current, Deal before, JsonObject previousV2,
                        String changeSource, long userId, Instant timestamp, Long mergedToId, Long mergedFromId) {

    /** The three v2 actions. v1 names them added / updated (or merged) / deleted. */
    public enum Action {
        CREATE, CHANGE, DELETE;

        public String v2Name() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String v2Action() {
        return action.v2Name();
    }

    public String v1Action() {
        return switch (action) {
            case CREATE -> "added";
            case CHANGE -> mergedFromId != null ? "merged" : "updated";
            case DELETE -> "deleted";
        };
    }

    /** v1's {@code event} field, e.g. {@code updated.deal}. */
    public String v1EventName() {
        return v1Action() + ".deal";
    }
}
