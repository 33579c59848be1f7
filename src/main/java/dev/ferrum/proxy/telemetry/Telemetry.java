package dev.ferrum.proxy.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide telemetry: one Prometheus registry shared by our meters, Vert.x's own
 * (server, client, pools, event bus) and the JVM's, created once by the launcher and handed to
 * every verticle.
 */
public final class Telemetry {

  private final PrometheusMeterRegistry registry;
  private final ProxyMetrics proxy;
  private final HealthMetrics health;
  private final AtomicInteger openConnections = new AtomicInteger();
  private final String registryName = "ferrum-" + java.util.UUID.randomUUID();

  private Telemetry(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.proxy = new ProxyMetrics(registry);
    this.health = new HealthMetrics(registry);
    Gauge.builder("ferrum.proxy.open.connections", openConnections, AtomicInteger::get)
        .description("Client connections currently open.")
        .register(registry);
    FunctionCounter.builder("ferrum.proxy.access.log.dropped.lines", BatchingStdoutAppender.class,
            c -> BatchingStdoutAppender.droppedLines())
        .description("Access log lines dropped because the log writer fell behind or standard output failed.")
        .register(registry);
  }

  /**
   * A measurement switch for the benchmark runner (its {@code ferrum_nometrics} target), not an
   * operator option: with {@code -Dferrum.metrics.noop=true} every {@code ferrum_proxy_*} meter is
   * a no-op, so a run can show what recording them costs per request.
   */
  static final String NOOP_PROPERTY = "ferrum.metrics.noop";

  public static Telemetry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (Boolean.getBoolean(NOOP_PROPERTY)) {
      registry.config().meterFilter(MeterFilter.denyNameStartsWith("ferrum.proxy."));
    }
    return new Telemetry(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public ProxyMetrics proxy() {
    return proxy;
  }

  public HealthMetrics health() {
    return health;
  }

  public AtomicInteger openConnections() {
    return openConnections;
  }

  public Handler<RoutingContext> scrapeHandler() {
    return PrometheusScrapingHandler.create(registry);
  }

  /** Counts a reload attempt: {@code result} is {@code ok} or {@code failed}. */
  public void configReload(String result) {
    Counter.builder("ferrum.proxy.config.reloads")
        .description("Configuration reload attempts by result.")
        .tag("result", result).register(registry).increment();
    if (!"ok".equals(result)) {
      Counter.builder("ferrum.proxy.config.reload.failures")
          .description("Configuration reloads rejected because the file was invalid.")
          .register(registry).increment();
    }
  }

  /**
   * Vert.x's Micrometer integration, reporting into our registry, JVM and event-bus metrics
   * included; its per-request HTTP, connection and pool metrics only when asked for.
   */
  public MicrometerMetricsOptions vertxMetricsOptions(boolean httpMetrics) {
    MicrometerMetricsOptions o = new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keys its metrics backend by this name JVM-wide: one name per Telemetry keeps two
        // proxies in one JVM (tests) from reporting into each other's registry.
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    if (!httpMetrics) {
      for (MetricsDomain d : new MetricsDomain[] {MetricsDomain.HTTP_SERVER, MetricsDomain.HTTP_CLIENT,
          MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT, MetricsDomain.NAMED_POOLS}) {
        o.addDisabledMetricsCategory(d);
      }
    }
    return o;
  }
}
