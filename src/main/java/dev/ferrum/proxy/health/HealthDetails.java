package dev.ferrum.proxy.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The checker's answer on {@link HealthAddresses#DETAILS}: every backend, for the admin endpoints. */
public record HealthDetails(long generatedMs, long snapshotSequence, List<BackendDetail> backends) {

  public JsonArray backendsJson() {
    JsonArray list = new JsonArray();
    for (BackendDetail b : backends) {
      list.add(b.toJson());
    }
    return list;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("generated_ms", generatedMs)
        .put("snapshot_sequence", snapshotSequence)
        .put("backends", backendsJson());
  }
}
