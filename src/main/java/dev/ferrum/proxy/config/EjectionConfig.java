package dev.ferrum.proxy.config;

/**
 * How long an ejected backend stays out: the n-th recent ejection lasts n times the base, capped.
 *
 * @param durationMs base ejection time ({@code ejection_duration_ms})
 * @param maxDurationMs cap on the growing ejection time ({@code max_ejection_duration_ms})
 */
public record EjectionConfig(long durationMs, long maxDurationMs) {

  public static final long DEFAULT_DURATION_MS = 30_000;
  public static final long DEFAULT_MAX_DURATION_MS = 300_000;

  public EjectionConfig {
    Bounds.MILLIS.check("ejection_duration_ms", durationMs);
    Bounds.MILLIS.check("max_ejection_duration_ms", maxDurationMs);
    if (maxDurationMs < durationMs) {
      throw new IllegalArgumentException("max_ejection_duration_ms: " + maxDurationMs
          + " (expected: >= ejection_duration_ms " + durationMs + ")");
    }
  }
}
