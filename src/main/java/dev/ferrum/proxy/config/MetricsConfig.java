package dev.ferrum.proxy.config;

/**
 * Metrics switches ({@code metrics:}), read at startup.
 *
 * @param vertxHttpMetrics also record Vert.x's own per-request HTTP server, client and connection
 *     pool metrics ({@code vertx_http_*}, {@code vertx_pool_*}); off by default because they look
 *     meters up per request and cost about a tenth of the throughput, and ferrum's own per-route
 *     metrics cover the same ground. JVM and event-bus metrics are always on.
 */
public record MetricsConfig(boolean vertxHttpMetrics) {

  public static final MetricsConfig DEFAULT = new MetricsConfig(false);
}
