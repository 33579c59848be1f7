package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.tls.TlsProfile;
import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.config.RouteConfig;
import dev.ferrum.proxy.health.HealthView;
import dev.ferrum.proxy.routing.RouteResolver;
import dev.ferrum.proxy.routing.RouteTable;
import dev.ferrum.proxy.telemetry.AccessLog;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.upstream.Backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration compiled for one proxy instance: the route resolver, the routes, the backends.
 * A reload compiles a new snapshot and swaps it in between requests; a request keeps the snapshot
 * it started with until it ends.
 */
final class ProxySnapshot {

  final long generation;
  final ProxyConfig config;
  final RouteResolver<ActiveRoute> resolver;
  final List<ActiveRoute> routes;
  final Map<String, Backend> backends;
  final AccessLog accessLog;
  /** {@code Strict-Transport-Security} for every answer, null when not configured. */
  final String hsts;
  /** What the forwarding headers say the client spoke. */
  final String scheme;
  /** Whether clients may present certificates (mutual TLS), so their subject is read. */
  final boolean clientCertificates;
  /** The header that carries the verified client subject upstream, null when not forwarded. */
  final CharSequence clientCertHeader;

  private ProxySnapshot(long generation, ProxyConfig config, RouteResolver<ActiveRoute> resolver,
      List<ActiveRoute> routes, Map<String, Backend> backends, AccessLog accessLog) {
    this.generation = generation;
    this.config = config;
    this.resolver = resolver;
    this.routes = routes;
    this.backends = backends;
    this.accessLog = accessLog;
    this.hsts = TlsProfile.hsts(config.server().tls());
    this.scheme = config.server().tls() == null ? "http" : "https";
    dev.ferrum.proxy.config.ClientAuthConfig auth = config.server().tls() == null
        ? dev.ferrum.proxy.config.ClientAuthConfig.NONE : config.server().tls().clientAuth();
    this.clientCertificates = auth.mode() != dev.ferrum.proxy.config.ClientAuthConfig.Mode.NONE;
    this.clientCertHeader = auth.forwardHeader().map(io.vertx.core.http.HttpHeaders::createOptimized).orElse(null);
  }

  /**
   * Compiles {@code config}. Backends already known by key are reused, so their local bookkeeping
   * (probe slots, failure streak) survives a reload.
   */
  static ProxySnapshot compile(long generation, ProxyConfig config, Map<String, Backend> previous,
      HealthView health, ProxyMetrics metrics, SharedProxyState shared) {
    Map<String, Backend> backends = new HashMap<>();
    List<ActiveRoute> routes = new ArrayList<>();
    int maxProbes = config.healthCheck().probeRequests();
    for (RouteConfig rc : config.routes()) {
      List<Backend> list = new ArrayList<>();
      for (BackendAddress a : rc.backends()) {
        Backend b = backends.computeIfAbsent(a.key(), k -> {
          Backend old = previous.get(k);
          return old != null ? old : new Backend(a);
        });
        b.state(health.stateOf(b.key()), maxProbes);
        list.add(b);
      }
      routes.add(new ActiveRoute(rc, list, metrics, shared.cursor(rc.pathPrefix())));
    }
    RouteResolver<ActiveRoute> resolver = new RouteResolver<>(RouteTable.of(routes, r -> r.prefix));
    return new ProxySnapshot(generation, config, resolver, List.copyOf(routes), Map.copyOf(backends),
        new AccessLog(config.accessLog()));
  }

  /** Applies a newer health view to the backends and each route's routable subset. */
  void applyHealth(HealthView health) {
    int maxProbes = config.healthCheck().probeRequests();
    for (Backend b : backends.values()) {
      b.state(health.stateOf(b.key()), maxProbes);
    }
    for (ActiveRoute r : routes) {
      r.refreshEligible();
    }
  }
}
