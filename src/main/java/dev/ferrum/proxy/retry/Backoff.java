package dev.ferrum.proxy.retry;

import java.util.function.DoubleSupplier;

/**
 * The wait before a retry: {@code base × 2^(n-1)} after the n-th attempt (at most ×1024),
 * scattered over [0.5, 1.5) of that so retries of many requests do not align. The random source
 * is injected, so tests are repeatable.
 */
public final class Backoff {

  private final long baseMs;
  private final DoubleSupplier random;

  /** @param random values in [0, 1) */
  public Backoff(long baseMs, DoubleSupplier random) {
    if (baseMs < 0) {
      throw new IllegalArgumentException("backoff_ms: " + baseMs + " (expected: >= 0)");
    }
    this.baseMs = baseMs;
    this.random = random;
  }

  /** Milliseconds to wait after {@code attemptsSoFar} attempts; 0 for none. */
  public long delayMs(int attemptsSoFar) {
    if (baseMs == 0) {
      return 0;
    }
    long exp = baseMs << Math.min(10, Math.max(0, attemptsSoFar - 1));
    return (long) (exp * (0.5 + random.getAsDouble()));
  }
}
