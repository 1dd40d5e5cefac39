package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** A person (the signer of a deal) as the simulator stores it. Immutable snapshot. */
public record Person(long id, String name, String firstName, String lastName, List<ContactValue> emails,
                     List<ContactValue> phones, Long orgId, long ownerId, Instant addTime, Instant updateTime) {

    public Person {
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
    }

    /** The address a signer would get: the primary one, else the first non-blank one, else null. */
    public String primaryEmail() {
        return emails.stream().filter(ContactValue::primary).map(ContactValue::value).findFirst()
                .orElse(emails.stream().map(ContactValue::value).filter(v -> v != null && !v.isBlank())
                        .findFirst().orElse(null));
    }

    /** The body of {@code GET /api/v2/persons/{id}}: plain integer ids, RFC 3339 times, arrays for e-mails and phones. */
    JsonObject toV2Json() {
        JsonArray emailArray = new JsonArray();
        emails.forEach(e -> emailArray.add(e.toJson()));
        JsonArray phoneArray = new JsonArray();
        phones.forEach(p -> phoneArray.add(p.toJson()));
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("first_name", firstName)
                .put("last_name", lastName)
                .put("emails", emailArray)
                .put("phones", phoneArray)
                .put("org_id", orgId)
                .put("owner_id", ownerId)
                .put("add_time", PipedriveTimes.rfc3339(addTime))
                .put("update_time", PipedriveTimes.rfc3339(updateTime))
                .put("visible_to", "3")
                .put("label_ids", new JsonArray())
                .put("picture_id", null)
                .put("is_deleted", false)
                .put("custom_fields", new JsonObject());
    }
}
