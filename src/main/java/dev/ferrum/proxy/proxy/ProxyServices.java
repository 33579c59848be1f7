package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.ReplayBudgetConfig;
import dev.ferrum.proxy.health.OutcomeReporter;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.telemetry.RouteMeters;
import dev.ferrum.proxy.upstream.Watchdog;
import io.vertx.core.Vertx;

import java.util.concurrent.ThreadLocalRandom;

/** What every interceptor of one proxy instance shares: its Vert.x, meters, reporter, id source. */
final class ProxyServices {

  final Vertx vertx;
  final ProxyMetrics metrics;
  final RouteMeters unroutedMeters;
  final OutcomeReporter reporter;
  final Watchdog watchdog;
  private final SharedProxyState shared;
  private final ProxyVerticle owner;
  private final String idPrefix;
  private long idCounter;

  ProxyServices(Vertx vertx, ProxyMetrics metrics, OutcomeReporter reporter, ProxyVerticle owner, Watchdog watchdog,
      SharedProxyState shared) {
    this.watchdog = watchdog;
    this.shared = shared;
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

  /**
   * Reserves room for one replay buffer in the budget of the whole process: the counters are in
   * the {@link SharedProxyState} that every proxy instance of the process was given. Lock-free.
   */
  boolean tryReserveReplay(long bytes, ReplayBudgetConfig budget) {
    if (shared.replayBodies.incrementAndGet() > budget.maxBufferedBodies()) {
      shared.replayBodies.decrementAndGet();
      return false;
    }
    if (shared.replayBytes.addAndGet(bytes) > budget.bufferBudgetBytes()) {
      shared.replayBytes.addAndGet(-bytes);
      shared.replayBodies.decrementAndGet();
      return false;
    }
    return true;
  }

  void releaseReplay(long bytes) {
    shared.replayBytes.addAndGet(-bytes);
    shared.replayBodies.decrementAndGet();
  }

  boolean shutdownDeadlinePassed() {
    return owner.shutdownDeadlinePassed();
  }
}
