package dev.ferrum.proxy.config;

import java.util.Objects;

/** The sections about looking at the proxy: internal endpoints, access log, metrics. */
public record ObservabilityConfig(DebugConfig debug, AccessLogConfig accessLog, MetricsConfig metrics) {

  public ObservabilityConfig {
    Objects.requireNonNull(debug, "debug");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(metrics, "metrics");
  }

  public ObservabilityConfig withMetrics(MetricsConfig running) {
    return new ObservabilityConfig(debug, accessLog, running);
  }
}
