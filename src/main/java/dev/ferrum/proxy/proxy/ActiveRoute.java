package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.balancing.Balancer;
import dev.ferrum.proxy.config.RouteConfig;
import dev.ferrum.proxy.retry.Backoff;
import dev.ferrum.proxy.retry.RetryBudget;
import dev.ferrum.proxy.retry.RetryPolicy;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.telemetry.RouteMeters;
import dev.ferrum.proxy.upstream.Backend;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A route compiled for one proxy instance: its config, balancer, backends (config order), the
 * subset currently routable, its meters and retry budget. Built once per configuration; only
 * the eligible subset changes, when the health view does. Used from one event loop only.
 */
final class ActiveRoute {

  final RouteConfig config;
  final String prefix;
  final RouteMeters meters;
  final RetryBudget retryBudget;
  final RetryPolicy retryPolicy;
  private final Balancer balancer;
  private final Backend[] backends;
  private final Timer[] upstreamTimers;
  private Backend[] eligible;
  private int eligibleCount;

  ActiveRoute(RouteConfig config, List<Backend> backends, ProxyMetrics metrics, AtomicInteger cursor) {
    this.config = config;
    this.prefix = config.pathPrefix();
    this.balancer = Balancer.forStrategy(config.balancing(), cursor);
    this.backends = backends.toArray(new Backend[0]);
    this.eligible = new Backend[this.backends.length];
    this.meters = metrics.route(prefix);
    this.retryBudget = new RetryBudget(config.retry().budgetPercent(), config.retry().minRetriesPerSecond(),
        System.nanoTime());
    this.retryPolicy = new RetryPolicy(config.retry(),
        new Backoff(config.retry().backoffMs(), () -> ThreadLocalRandom.current().nextDouble()));
    this.upstreamTimers = new Timer[this.backends.length];
    for (int i = 0; i < this.backends.length; i++) {
      upstreamTimers[i] = metrics.upstreamTimer(prefix, this.backends[i].key());
    }
    refreshEligible();
  }

  /** Recomputes the routable subset after a health change. */
  void refreshEligible() {
    Backend[] next = new Backend[backends.length];
    int n = 0;
    for (Backend b : backends) {
      if (b.state().routable()) {
        next[n++] = b;
      }
    }
    eligible = next;
    eligibleCount = n;
  }

  /** The balancer's choice among routable backends that {@code accept} takes; null if none. */
  Backend pick(Predicate<Backend> accept) {
    return balancer.pick(eligible, eligibleCount, accept);
  }

  /** Whether any routable backend would take a request now. */
  boolean anyAdmits() {
    Backend[] e = eligible;
    for (int i = 0; i < eligibleCount; i++) {
      if (e[i].admits()) {
        return true;
      }
    }
    return false;
  }

  Timer upstreamTimer(Backend b) {
    for (int i = 0; i < backends.length; i++) {
      if (backends[i] == b) {
        return upstreamTimers[i];
      }
    }
    return upstreamTimers[0];
  }

  Backend[] backends() {
    return backends;
  }
}
