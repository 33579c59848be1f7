package dev.ferrum.proxy.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the health checker. Only the checker verticle records here, off the request path, so
 * looking meters up by name is fine.
 */
public final class HealthMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> healthy = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  public HealthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Sets {@code ferrum_proxy_backend_healthy{backend}}: 1 in rotation, 0 otherwise. */
  public void backendHealthy(String backend, boolean up) {
    healthy.computeIfAbsent(backend, b -> {
      AtomicInteger v = new AtomicInteger();
      gauges.put(b, Gauge.builder("ferrum.proxy.backend.healthy", v, AtomicInteger::get)
          .description("1 when the backend is healthy and in rotation, 0 otherwise.")
          .tag("backend", b)
          .register(registry));
      return v;
    }).set(up ? 1 : 0);
  }

  /** A backend left the configuration: its health gauge goes away rather than read "down" forever. */
  public void removed(String backend) {
    healthy.remove(backend);
    Gauge g = gauges.remove(backend);
    if (g != null) {
      registry.remove(g);
    }
  }

  public void transition(String backend, String to) {
    Counter.builder("ferrum.proxy.health.transitions")
        .description("Backend health state transitions, by backend and the state entered.")
        .tag("backend", backend).tag("to", to)
        .register(registry).increment();
  }

  public void failure(String backend, String kind) {
    Counter.builder("ferrum.proxy.backend.failures")
        .description("Failed requests and health checks, by backend and kind.")
        .tag("backend", backend).tag("kind", kind)
        .register(registry).increment();
  }

  public void ejection(String backend) {
    Counter.builder("ferrum.proxy.ejections")
        .description("Passive ejections of a backend (outlier detection).")
        .tag("backend", backend)
        .register(registry).increment();
  }

  public void refusedEjection(String backend) {
    Counter.builder("ferrum.proxy.ejections.refused")
        .description("Ejections not enforced because the backend was the last one in rotation for a route.")
        .tag("backend", backend)
        .register(registry).increment();
  }
}
