package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * Active checks and passive outlier detection ({@code health_check:}). The flat accessors are
 * what the health state machine reads.
 *
 * @param failureThreshold consecutive failed checks make a backend unhealthy; as many failed requests eject it
 * @param passiveFailure response statuses that count as request failures, unless a route lists its own
 * @param probeRequests trial requests each proxy instance lets through to a backend whose ejection ended
 */
public record HealthCheckConfig(
    ActiveChecks active,
    int failureThreshold,
    StatusSet passiveFailure,
    EjectionConfig ejection,
    int probeRequests) {

  static final Bounds PROBES = new Bounds(1, 100);

  public static final long DEFAULT_CHECK_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_RECOVERY_THRESHOLD = 2;
  public static final int DEFAULT_PROBE_REQUESTS = 1;

  public HealthCheckConfig {
    Objects.requireNonNull(active, "active");
    ActiveChecks.THRESHOLD.check("failure_threshold", failureThreshold);
    Objects.requireNonNull(passiveFailure, "passiveFailure");
    Objects.requireNonNull(ejection, "ejection");
    PROBES.check("probe_requests", probeRequests);
  }

  public long intervalSec() {
    return active.intervalSec();
  }

  public String endpoint() {
    return active.endpoint();
  }

  public long checkTimeoutMs() {
    return active.checkTimeoutMs();
  }

  public StatusSet activeSuccess() {
    return active.successStatuses();
  }

  public int recoveryThreshold() {
    return active.recoveryThreshold();
  }

  public long ejectionDurationMs() {
    return ejection.durationMs();
  }

  public long maxEjectionDurationMs() {
    return ejection.maxDurationMs();
  }
}
