package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * The checker's own probes ({@code health_check:}).
 *
 * @param intervalSec seconds between check rounds
 * @param endpoint path probed with GET, unless a route names its own
 * @param checkTimeoutMs connect plus response head of one check
 * @param successStatuses check statuses that pass
 * @param recoveryThreshold consecutive passing checks that bring an unhealthy backend back
 */
public record ActiveChecks(
    long intervalSec,
    String endpoint,
    long checkTimeoutMs,
    StatusSet successStatuses,
    int recoveryThreshold) {

  static final Bounds INTERVAL_SEC = new Bounds(1, 86_400);
  static final Bounds THRESHOLD = new Bounds(1, 10_000_000);

  public ActiveChecks {
    INTERVAL_SEC.check("interval_sec", intervalSec);
    PathRules.requireEndpoint("endpoint", Objects.requireNonNull(endpoint, "endpoint"));
    Bounds.MILLIS.check("check_timeout_ms", checkTimeoutMs);
    Objects.requireNonNull(successStatuses, "successStatuses");
    THRESHOLD.check("recovery_threshold", recoveryThreshold);
  }
}
