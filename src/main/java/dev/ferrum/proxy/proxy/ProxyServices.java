package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.health.OutcomeReporter;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.telemetry.RouteMeters;
import io.vertx.core.Vertx;

import java.util.concurrent.ThreadLocalRandom;

/** What every interceptor of one proxy instance shares: its Vert.x, meters, reporter, id source. */
final class ProxyServices {

  final Vertx vertx;
  final ProxyMetrics metrics;
  final RouteMeters unroutedMeters;
  final OutcomeReporter reporter;
  private final ProxyVerticle owner;
  private final String idPrefix;
  private long idCounter;

  ProxyServices(Vertx vertx, ProxyMetrics metrics, OutcomeReporter reporter, ProxyVerticle owner) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.unroutedMeters = metrics.route(ProxyMetrics.UNROUTED);
    this.reporter = reporter;
    this.owner = owner;
    this.idPrefix = String.format("%08x", ThreadLocalRandom.current().nextInt());
  }

  ProxySnapshot snapshot() {
    return owner.snapshot();
  }

  /** A request id unique to this process run: a random per-instance prefix and a counter. */
  String nextRequestId() {
    return idPrefix + Long.toHexString(++idCounter);
  }

  boolean shutdownDeadlinePassed() {
    return owner.shutdownDeadlinePassed();
  }
}
