package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;

/** One e-mail address or phone number of a person, in v2's {@code {value, primary, label}} shape. */
public record ContactValue(String value, boolean primary, String label) {

    public static ContactValue primaryWork(String value) {
        return new ContactValue(value, true, "work");
    }

    public static ContactValue secondary(String value, String label) {
        return new ContactValue(value, false, label);
    }

    JsonObject toJson() {
        return new JsonObject().put("value", value).put("primary", primary).put("label", label);
    }
}
