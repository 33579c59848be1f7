package dev.ferrum.proxy.admin;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of the last configuration (re)load, shown by {@code /} and {@code /health/backends}.
 *
 * @param generation the generation in force
 * @param lastResult {@code ok} or {@code failed}
 * @param lastError the errors of the last failed attempt (null after a success)
 * @param atMillis when the last attempt was made
 */
public record ReloadStatus(long generation, String lastResult, String lastError, long atMillis, boolean restartRequired) {

  /** Published by the launcher after every reload attempt. */
  public static final String ADDRESS = "ferrum.config.status";

  public JsonObject toJson() {
    return new JsonObject()
        .put("generation", generation)
        .put("last_reload_result", lastResult)
        .put("last_reload_error", lastError)
        .put("last_reload_at_ms", atMillis)
        .put("restart_required", restartRequired);
  }
}
