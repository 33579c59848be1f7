package dev.ferrum.proxy.health;

import java.util.Map;

/**
 * A proxy instance's read-only copy of the checker's view. Replaced whole by newer snapshots; an
 * older or repeated one (the same snapshot can arrive both published and as a reply) is ignored.
 * Used from one event loop only.
 */
public final class HealthView {

  private HealthSnapshot current = new HealthSnapshot(-1, Map.of());

  /** Takes {@code s} if it is newer; returns whether it did. */
  public boolean offer(HealthSnapshot s) {
    if (s == null || s.sequence() <= current.sequence()) {
      return false;
    }
    current = s;
    return true;
  }

  public BackendState stateOf(String backendKey) {
    return current.stateOf(backendKey);
  }

  public long sequence() {
    return current.sequence();
  }
}
