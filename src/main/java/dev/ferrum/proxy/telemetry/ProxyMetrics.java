package dev.ferrum.proxy.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every request-path meter, declared in one place. Meters that depend on configuration (per route,
 * per route and backend) are bound once when a configuration is compiled and kept in plain fields
 * or arrays, so recording a request is a handful of adder increments: no tag building, no map
 * lookup by string, no lock.
 */
public final class ProxyMetrics {

  /** Histogram buckets for request and upstream durations, in the spirit of Prometheus' defaults. */
  static final Duration[] BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  public static final String UNROUTED = "unrouted";

  private final MeterRegistry registry;
  private final LongAdder inFlight = new LongAdder();
  private final Counter[] responsesByStatus = new Counter[600];
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstream = new ConcurrentHashMap<>();

  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("ferrum.proxy.in.flight.requests", inFlight, LongAdder::sum)
        .description("Client requests currently being handled.")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void requestStarted() {
    inFlight.increment();
  }

  public void requestFinished() {
    inFlight.decrement();
  }

  /** The meters of one route (by its prefix); shared by every proxy instance. */
  public RouteMeters route(String route) {
    return routes.computeIfAbsent(route, r -> new RouteMeters(this, r));
  }

  /** Upstream attempt duration by route and backend; bound at config compile time. */
  public Timer upstreamTimer(String route, String backend) {
    return upstream.computeIfAbsent(route + "\n" + backend, k -> Timer.builder("ferrum.proxy.upstream.duration")
        .description("Time from sending an attempt upstream to its response head or failure, per attempt.")
        .tag("route", route).tag("backend", backend)
        .serviceLevelObjectives(BUCKETS)
        .register(registry));
  }

  /** One count of {@code ferrum_proxy_errors_total{kind}}; on the error path only. */
  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> Counter.builder("ferrum.proxy.errors")
        .description("Requests that failed, by classified cause.")
        .tag("kind", k)
        .register(registry)).increment();
  }

  void response(int status) {
    int s = status >= 0 && status < 600 ? status : 0;
    Counter c = responsesByStatus[s];
    if (c == null) {
      // Racy on purpose: the registry hands every racer the same counter.
      c = Counter.builder("ferrum.proxy.responses")
          .description("Responses sent to clients by status code; once per client request, whatever its retries.")
          .tag("status_code", Integer.toString(s))
          .register(registry);
      responsesByStatus[s] = c;
    }
    c.increment();
  }

  Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
  }

  /** Exposes a value the caller keeps (such as a buffer budget) as a counter. */
  public void functionCounter(String name, String description, Object target,
      java.util.function.ToDoubleFunction<Object> f) {
    FunctionCounter.builder(name, target, f).description(description).register(registry);
  }
}
