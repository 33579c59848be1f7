package dev.ferrum.proxy.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One backend as {@code /health/backends} shows it. Times are wall-clock epoch milliseconds;
 * null where there is nothing to show yet.
 */
public record BackendDetail(
    String backend,
    String state,
    long sinceMs,
    int consecutiveCheckFailures,
    int consecutiveCheckSuccesses,
    int consecutiveRequestFailures,
    long totalFailures,
    long ejections,
    int ejectionMultiplier,
    Long ejectedUntilMs,
    long refusedEjections,
    Long lastCheckMs,
    String lastCheckResult,
    Boolean lastCheckOk,
    String healthEndpoint,
    List<String> routes) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("backend", backend)
        .put("state", state)
        .put("since_ms", sinceMs)
        .put("consecutive_check_failures", consecutiveCheckFailures)
        .put("consecutive_check_successes", consecutiveCheckSuccesses)
        .put("consecutive_request_failures", consecutiveRequestFailures)
        .put("total_failures", totalFailures)
        .put("ejections", ejections)
        .put("ejection_multiplier", ejectionMultiplier)
        .put("ejected_until_ms", ejectedUntilMs)
        .put("refused_ejections", refusedEjections)
        .put("last_check_ms", lastCheckMs)
        .put("last_check_result", lastCheckResult)
        .put("last_check_ok", lastCheckOk)
        .put("health_endpoint", healthEndpoint)
        .put("routes", new JsonArray(List.copyOf(routes)));
  }
}
