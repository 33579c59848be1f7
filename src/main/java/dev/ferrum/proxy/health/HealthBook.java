package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.config.HealthCheckConfig;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.config.RouteConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's decisions, apart from its I/O: which backends are tracked for a configuration,
 * what a check result, a passive outcome or an ejection timer does to each, the panic rule, and
 * the snapshot and details published from them. No Vert.x, no sockets: tests drive it with a fake
 * {@link HealthClock}.
 */
final class HealthBook implements BackendHealth.EjectionGuard {

  /** What a reconcile changed: the backends now tracked for the first time, and those dropped. */
  record Change(List<TrackedBackend> added, List<TrackedBackend> removed) {
  }

  private final HealthClock clock;
  private final Map<String, TrackedBackend> backends = new LinkedHashMap<>();
  private List<List<String>> routeBackends = List.of();
  private HealthCheckConfig cfg;

  HealthBook(HealthClock clock) {
    this.clock = clock;
  }

  HealthClock clock() {
    return clock;
  }

  /** Aligns the tracked backends with {@code config}: kept ones keep their state and counters. */
  Change reconcile(ProxyConfig config) {
    cfg = config.healthCheck();
    long now = clock.monotonicMs();
    Map<String, TrackedBackend> wanted = new LinkedHashMap<>();
    Map<String, List<String>> routesOf = new LinkedHashMap<>();
    List<List<String>> groups = new ArrayList<>();
    List<TrackedBackend> added = new ArrayList<>();
    for (RouteConfig r : config.routes()) {
      List<String> keys = new ArrayList<>();
      for (BackendAddress a : r.backends()) {
        TrackedBackend b = wanted.get(a.key());
        if (b == null) {
          b = backends.get(a.key());
          if (b == null) {
            // New backends start healthy (as at startup) and are checked at once.
            b = new TrackedBackend(a, now);
            added.add(b);
          }
          b.address = a;
          b.endpoint = r.healthCheckEndpoint();
          wanted.put(a.key(), b);
        }
        routesOf.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(r.pathPrefix());
        keys.add(a.key());
      }
      groups.add(List.copyOf(keys));
    }
    List<TrackedBackend> removed = new ArrayList<>();
    for (TrackedBackend b : backends.values()) {
      if (!wanted.containsKey(b.key)) {
        removed.add(b);
      }
    }
    wanted.forEach((k, b) -> b.routes = List.copyOf(routesOf.get(k)));
    backends.clear();
    backends.putAll(wanted);
    routeBackends = List.copyOf(groups);
    return new Change(List.copyOf(added), List.copyOf(removed));
  }

  TrackedBackend get(String key) {
    return backends.get(key);
  }

  Collection<TrackedBackend> all() {
    return backends.values();
  }

  /** An active check came back; the first one after a backend appeared decides at once. */
  BackendHealth.Transition onCheck(TrackedBackend b, boolean ok, String detail) {
    long now = clock.monotonicMs();
    if (b.firstCheckPending) {
      b.firstCheckPending = false;
      return b.health.onFirstCheck(ok, detail, now, cfg);
    }
    return b.health.onCheck(ok, detail, now, cfg);
  }

  /** A proxy's passive observation; null decision for a backend no longer tracked. */
  BackendHealth.Decision onOutcome(Outcome o) {
    TrackedBackend b = backends.get(o.backend());
    if (b == null) {
      return BackendHealth.Decision.NONE;
    }
    return b.health.onOutcome(o.kind(), clock.monotonicMs(), cfg, this);
  }

  BackendHealth.Transition onEjectionTimer(TrackedBackend b) {
    return b.health.onEjectionTimer(clock.monotonicMs());
  }

  /** Once per check interval: healthy backends forget past ejections. */
  void decayAll() {
    long now = clock.monotonicMs();
    for (TrackedBackend b : backends.values()) {
      b.health.decay(now, cfg);
    }
  }

  /** The panic rule: no passive ejection may leave a route without another routable backend. */
  @Override
  public boolean mayEject(String backend) {
    for (List<String> group : routeBackends) {
      if (!group.contains(backend)) {
        continue;
      }
      boolean anotherRoutable = false;
      for (String other : group) {
        TrackedBackend b = backends.get(other);
        if (!other.equals(backend) && b != null && b.health.state().routable()) {
          anotherRoutable = true;
          break;
        }
      }
      if (!anotherRoutable) {
        return false;
      }
    }
    return true;
  }

  HealthSnapshot snapshot(long sequence) {
    Map<String, BackendState> states = new LinkedHashMap<>();
    backends.forEach((k, b) -> states.put(k, b.health.state()));
    return new HealthSnapshot(sequence, Map.copyOf(states));
  }

  HealthDetails details(long sequence) {
    List<BackendDetail> list = new ArrayList<>();
    for (TrackedBackend b : backends.values()) {
      list.add(b.health.detail(clock, b.endpoint, b.routes));
    }
    return new HealthDetails(clock.wallMs(), sequence, List.copyOf(list));
  }

  /** Routes none of whose backends is routable now. */
  List<String> deadRoutes(ProxyConfig config) {
    List<String> dead = new ArrayList<>();
    for (RouteConfig r : config.routes()) {
      boolean any = false;
      for (BackendAddress a : r.backends()) {
        TrackedBackend b = backends.get(a.key());
        any |= b != null && b.health.state().routable();
      }
      if (!any) {
        dead.add(r.pathPrefix());
      }
    }
    return dead;
  }
}
