package dev.ferrum.proxy.health;

/** Event-bus addresses of the health checker. */
public final class HealthAddresses {

  /** Published by the checker: a {@link HealthSnapshot} after every state change. */
  public static final String SNAPSHOT = "ferrum.health.snapshot";
  /** Sent by proxy instances to the checker: an {@link OutcomeBatch}. */
  public static final String REPORT = "ferrum.health.report";
  /** Request-reply: asks the checker for its detailed JSON view (for {@code /health/backends}). */
  public static final String DETAILS = "ferrum.health.details";
  /** Request-reply: asks the checker to publish its current snapshot again. */
  public static final String RESEND = "ferrum.health.resend";

  private HealthAddresses() {
  }
}
