package dev.ferrum.proxy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole validated configuration. Immutable; a reload builds a new one and swaps it whole. */
public record ProxyConfig(
    ServerConfig server,
    List<RouteConfig> routes,
    HealthCheckConfig healthCheck,
    UpstreamConfig upstream,
    RetryConfig retry,
    DebugConfig debug,
    AccessLogConfig accessLog,
    MetricsConfig metrics) {

  /** Every distinct backend across routes, in first-seen order, with its effective health endpoint. */
  public Map<BackendAddress, String> backendHealthEndpoints() {
    Map<BackendAddress, String> out = new LinkedHashMap<>();
    for (RouteConfig r : routes) {
      for (BackendAddress b : r.backends()) {
        out.putIfAbsent(b, r.healthCheckEndpoint());
      }
    }
    return out;
  }
}
