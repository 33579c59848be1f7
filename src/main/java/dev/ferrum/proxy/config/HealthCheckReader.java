package dev.ferrum.proxy.config;

/** Reads {@code health_check:}. */
final class HealthCheckReader {

  private HealthCheckReader() {
  }

  /** Null when the section is missing or has errors (they are reported). */
  static HealthCheckConfig read(ConfigNode n) {
    if (n == null) {
      return null;
    }
    long interval = n.integer("interval_sec", 10, ActiveChecks.INTERVAL_SEC, true);
    String endpoint = n.string("endpoint", "/health", true);
    PathRules.checkEndpoint(n, "endpoint", endpoint);
    long checkTimeout = n.millis("check_timeout_ms", HealthCheckConfig.DEFAULT_CHECK_TIMEOUT_MS, false);
    int failure = (int) n.integer("failure_threshold", HealthCheckConfig.DEFAULT_FAILURE_THRESHOLD,
        ActiveChecks.THRESHOLD, false);
    int recovery = (int) n.integer("recovery_threshold", HealthCheckConfig.DEFAULT_RECOVERY_THRESHOLD,
        ActiveChecks.THRESHOLD, false);
    long ejection = n.millis("ejection_duration_ms", EjectionConfig.DEFAULT_DURATION_MS, false);
    // Unset, the cap must not fall below a long base duration.
    long maxEjection = n.millis("max_ejection_duration_ms",
        Math.max(ejection, EjectionConfig.DEFAULT_MAX_DURATION_MS), false);
    StatusSet active = statusRange(n, "active_success_status", 200, 399);
    StatusSet passive = statusRange(n, "passive_failure_status", 500, 599);
    int probes = (int) n.integer("probe_requests", HealthCheckConfig.DEFAULT_PROBE_REQUESTS, HealthCheckConfig.PROBES,
        false);
    n.finish();
    ActiveChecks checks = n.build(() -> new ActiveChecks(interval, endpoint, checkTimeout, active, recovery));
    EjectionConfig ejections = n.build(() -> new EjectionConfig(ejection, maxEjection));
    if (checks == null || ejections == null) {
      return null;
    }
    return n.build(() -> new HealthCheckConfig(checks, failure, passive, ejections, probes));
  }

  private static StatusSet statusRange(ConfigNode n, String prefix, int defMin, int defMax) {
    Bounds statuses = new Bounds(100, 599);
    int min = (int) n.integer(prefix + "_min", defMin, statuses, false);
    int max = (int) n.integer(prefix + "_max", defMax, statuses, false);
    if (min > max) {
      n.error(prefix + "_min", min + " (expected: <= " + prefix + "_max " + max + ")");
      return StatusSet.range(defMin, defMax);
    }
    return StatusSet.range(min, max);
  }
}
