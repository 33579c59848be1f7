package dev.ferrum.proxy.config;

import java.util.List;

/**
 * One route with every override already resolved against the global sections, so the request
 * path reads a single record.
 *
 * @param retryOnStatuses the route's own list, else the global one (also inside {@link #retry()})
 * @param passiveFailure the route's exact list, else the global range
 * @param healthCheckEndpoint the route's override, else the global endpoint
 * @param deadlineMs total time for the whole exchange, -1 for none
 */
public record RouteConfig(
    String pathPrefix,
    List<BackendAddress> backends,
    Balancing balancing,
    StatusSet passiveFailure,
    String healthCheckEndpoint,
    long connectTimeoutMs,
    long responseTimeoutMs,
    long readTimeoutMs,
    long clientBodyTimeoutMs,
    long deadlineMs,
    long maxRequestBodyBytes,
    long maxResponseBodyBytes,
    boolean stripPrefix,
    boolean preserveHost,
    RetryConfig retry) {

  public StatusSet retryOnStatuses() {
    return retry.retryOnStatuses();
  }
}
