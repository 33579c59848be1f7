package dev.ferrum.proxy.health;

import java.util.Map;

/**
 * The health checker's whole view, published on every change. Proxy instances replace their
 * local copy with it when its sequence number is newer than the one they hold.
 *
 * @param states backend key to state; immutable
 */
public record HealthSnapshot(long sequence, Map<String, BackendState> states) {

  public BackendState stateOf(String backendKey) {
    BackendState s = states.get(backendKey);
    return s == null ? BackendState.HEALTHY : s;
  }
}
