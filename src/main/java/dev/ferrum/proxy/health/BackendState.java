package dev.ferrum.proxy.health;

/**
 * What the health checker says about a backend.
 *
 * <ul>
 *   <li>{@link #HEALTHY}: in rotation.</li>
 *   <li>{@link #UNHEALTHY}: failing active checks; out until {@code recovery_threshold} checks pass.</li>
 *   <li>{@link #EJECTED}: passive failures crossed {@code failure_threshold}; out until a time.</li>
 *   <li>{@link #PROBING}: the ejection ended; a bounded number of trial requests decide.</li>
 * </ul>
 */
public enum BackendState {
  HEALTHY("healthy"),
  UNHEALTHY("unhealthy"),
  EJECTED("ejected"),
  PROBING("probing");

  private final String label;

  BackendState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether a proxy may send requests to it at all (probing ones only within their trial budget). */
  public boolean routable() {
    return this == HEALTHY || this == PROBING;
  }
}
