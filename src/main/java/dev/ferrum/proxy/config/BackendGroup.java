package dev.ferrum.proxy.config;

import java.util.List;
import java.util.Objects;

/**
 * A route's backends, how one is chosen and how their health is judged.
 *
 * @param healthCheckEndpoint the route's override, else the global endpoint
 * @param passiveFailure the route's exact list, else the global range
 */
public record BackendGroup(
    List<BackendAddress> addresses,
    Balancing balancing,
    String healthCheckEndpoint,
    StatusSet passiveFailure) {

  public BackendGroup {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("backends: empty (expected: at least one backend URL)");
    }
    Objects.requireNonNull(balancing, "balancing");
    Objects.requireNonNull(healthCheckEndpoint, "healthCheckEndpoint");
    PathRules.requireEndpoint("health_check_endpoint", healthCheckEndpoint);
    Objects.requireNonNull(passiveFailure, "passiveFailure");
  }
}
