package dev.ferrum.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One route with every override already resolved against the global sections, so the request
 * path reads a single record through the flat accessors.
 */
public record RouteConfig(
    String pathPrefix,
    BackendGroup backendGroup,
    Forwarding forwarding,
    RouteTimeouts timeouts,
    BodyLimits bodyLimits,
    RetryConfig retry) {

  public RouteConfig {
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    String problem = PathRules.prefixProblem(pathPrefix);
    if (problem != null) {
      throw new IllegalArgumentException("path_prefix: " + ConfigValues.quote(pathPrefix) + " " + problem);
    }
    Objects.requireNonNull(backendGroup, "backendGroup");
    Objects.requireNonNull(forwarding, "forwarding");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(bodyLimits, "bodyLimits");
    Objects.requireNonNull(retry, "retry");
  }

  public List<BackendAddress> backends() {
    return backendGroup.addresses();
  }

  public Balancing balancing() {
    return backendGroup.balancing();
  }

  public String healthCheckEndpoint() {
    return backendGroup.healthCheckEndpoint();
  }

  public StatusSet passiveFailure() {
    return backendGroup.passiveFailure();
  }

  public boolean stripPrefix() {
    return forwarding.stripPrefix();
  }

  public boolean preserveHost() {
    return forwarding.preserveHost();
  }

  public long connectTimeoutMs() {
    return timeouts.upstream().connectTimeoutMs();
  }

  public long responseTimeoutMs() {
    return timeouts.upstream().responseTimeoutMs();
  }

  public long readTimeoutMs() {
    return timeouts.upstream().readTimeoutMs();
  }

  public long clientBodyTimeoutMs() {
    return timeouts.clientBodyTimeoutMs();
  }

  public OptionalLong deadlineMs() {
    return timeouts.deadlineMs();
  }

  public long maxRequestBodyBytes() {
    return bodyLimits.maxRequestBodyBytes();
  }

  public long maxResponseBodyBytes() {
    return bodyLimits.maxResponseBodyBytes();
  }

  /** The route's own list, else the global one (also inside {@link #retry()}). */
  public StatusSet retryOnStatuses() {
    return retry.retryOnStatuses();
  }
}
