package dev.ferrum.proxy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A whole validated configuration. Immutable; a reload builds a new one and swaps it whole. */
public record ProxyConfig(
    ServerConfig server,
    List<RouteConfig> routes,
    HealthCheckConfig healthCheck,
    UpstreamConfig upstream,
    RetryConfig retry,
    ReplayBudgetConfig replayBudget,
    ObservabilityConfig observability) {

  /**
   * The keys {@link #withRestartOnlyKeysFrom} keeps, as an operator writes them. The listener is
   * bound and the pools are built once per proxy instance; Vert.x's own metrics are switched on
   * when Vert.x starts.
   */
  public static final String RESTART_ONLY_KEYS = "server.host, server.port, server.instances, server.tls, server.redirect_http_port,"
      + " server.max_header_bytes, server.max_request_line_bytes, upstream.pool_size_per_backend,"
      + " upstream.idle_connection_timeout_ms, metrics.vertx_http_metrics";

  public ProxyConfig {
    Objects.requireNonNull(server, "server");
    routes = List.copyOf(routes);
    Objects.requireNonNull(healthCheck, "healthCheck");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(replayBudget, "replayBudget");
    Objects.requireNonNull(observability, "observability");
  }

  /** Whether any of {@link #RESTART_ONLY_KEYS} differs from {@code running}. */
  public boolean restartOnlyKeysDiffer(ProxyConfig running) {
    return !server.listener().equals(running.server.listener())
        || !upstream.pool().equals(running.upstream.pool())
        || !metrics().equals(running.metrics());
  }

  /** This configuration, but with {@code running}'s values for {@link #RESTART_ONLY_KEYS}. */
  public ProxyConfig withRestartOnlyKeysFrom(ProxyConfig running) {
    return new ProxyConfig(server.withListener(running.server.listener()), routes, healthCheck,
        upstream.withPool(running.upstream.pool()), retry, replayBudget, observability.withMetrics(running.metrics()));
  }

  public DebugConfig debug() {
    return observability.debug();
  }

  public AccessLogConfig accessLog() {
    return observability.accessLog();
  }

  public MetricsConfig metrics() {
    return observability.metrics();
  }

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
