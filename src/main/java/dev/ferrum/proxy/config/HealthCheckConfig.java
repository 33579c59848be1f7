package dev.ferrum.proxy.config;

/**
 * Active checks and passive outlier detection ({@code health_check:}).
 *
 * @param maxEjectionDurationMs cap on the ejection time, which grows with each repeated ejection
 * @param probeRequests trial requests each proxy instance lets through to a backend whose ejection ended
 */
public record HealthCheckConfig(
    long intervalSec,
    String endpoint,
    long checkTimeoutMs,
    int failureThreshold,
    int recoveryThreshold,
    long ejectionDurationMs,
    long maxEjectionDurationMs,
    StatusSet activeSuccess,
    StatusSet passiveFailure,
    int probeRequests) {

  public static final long DEFAULT_CHECK_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_RECOVERY_THRESHOLD = 2;
  public static final long DEFAULT_EJECTION_DURATION_MS = 30_000;
  public static final long DEFAULT_MAX_EJECTION_DURATION_MS = 300_000;
  public static final int DEFAULT_PROBE_REQUESTS = 1;
}
