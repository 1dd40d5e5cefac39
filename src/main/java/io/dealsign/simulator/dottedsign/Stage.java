package io.dealsign.simulator.dottedsign;

import io.vertx.core.json.JsonObject;

/** One recipient of a task, in signing order. */
public record Stage(String name, String email, StageStatus status) {

    public Stage withStatus(StageStatus newStatus) {
        return new Stage(name, email, newStatus);
    }

    JsonObject toApiJson() {
        return new JsonObject().put("name", name).put("email", email).put("status", status.wireName());
    }
}
