package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.config.ConfigUpdate;
import dev.ferrum.proxy.config.HealthCheckConfig;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.config.RouteConfig;
import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.telemetry.HealthMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The single owner of backend health. Runs active checks (all backends concurrently, each with
 * its own jitter), takes the outcomes proxy instances report, decides every state change, logs and
 * counts it once, and publishes a {@link HealthSnapshot} whenever anything changed.
 *
 * <p>Event-bus contract: consumes {@link HealthAddresses#REPORT} ({@link OutcomeBatch}) and
 * {@link ConfigUpdate#ADDRESS}; publishes {@link HealthAddresses#SNAPSHOT}; answers
 * {@link HealthAddresses#RESEND} with the current snapshot and {@link HealthAddresses#DETAILS} with
 * the JSON of {@code /health/backends}.
 */
public final class HealthCheckerVerticle extends VerticleBase implements BackendHealth.EjectionGuard {

  private final HealthMetrics metrics;
  private final LongSupplier clock;
  private ProxyConfig config;

  private final Map<String, BackendHealth> backends = new LinkedHashMap<>();
  private final Map<String, BackendAddress> addresses = new HashMap<>();
  private final Map<String, String> endpoints = new HashMap<>();
  private final Map<String, List<String>> routesOf = new HashMap<>();
  private final Map<String, Long> ejectionTimerFor = new HashMap<>();
  private final Set<String> checking = new HashSet<>();
  private final Set<String> firstCheckPending = new HashSet<>();
  private List<List<String>> routeBackends = List.of();

  private HttpClient checks;
  private long periodicId = -1;
  private long sequence;
  private boolean dirty;

  public HealthCheckerVerticle(ProxyConfig config, HealthMetrics metrics) {
    this(config, metrics, System::currentTimeMillis);
  }

  HealthCheckerVerticle(ProxyConfig config, HealthMetrics metrics, LongSupplier clock) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    checks = vertx.createHttpClient(
        // A fresh connection per check: a check must prove the backend still accepts connections.
        new HttpClientOptions().setKeepAlive(false).setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
            config.healthCheck().checkTimeoutMs())),
        new PoolOptions().setHttp1MaxSize(4));
    vertx.eventBus().<OutcomeBatch>localConsumer(HealthAddresses.REPORT, m -> {
      onReport(m.body());
      if (m.replyAddress() != null) {
        // After the snapshot went out: the reporter may now answer its client.
        m.reply(sequence);
      }
    });
    vertx.eventBus().<ConfigUpdate>localConsumer(ConfigUpdate.ADDRESS, m -> onConfig(m.body().config()));
    vertx.eventBus().<Object>localConsumer(HealthAddresses.RESEND, m -> m.reply(snapshot()));
    vertx.eventBus().<Object>localConsumer(HealthAddresses.DETAILS, this::onDetails);
    reconcile(config);
    return runFirstPass().compose(v -> {
      schedulePeriodic();
      return checkStartupPools();
    });
  }

  @Override
  public Future<?> stop() {
    if (periodicId >= 0) {
      vertx.cancelTimer(periodicId);
    }
    return checks.close();
  }

  // ---- configuration ----

  private void onConfig(ProxyConfig next) {
    boolean intervalChanged = next.healthCheck().intervalSec() != config.healthCheck().intervalSec();
    config = next;
    List<String> added = reconcile(next);
    for (String key : added) {
      probe(key);
    }
    if (intervalChanged) {
      schedulePeriodic();
    }
    publishIfDirty();
  }

  /** Aligns the tracked backends with the config; returns the keys that are new. */
  private List<String> reconcile(ProxyConfig cfg) {
    long now = clock.getAsLong();
    Map<String, BackendAddress> wanted = new LinkedHashMap<>();
    routesOf.clear();
    endpoints.clear();
    List<List<String>> groups = new ArrayList<>();
    for (RouteConfig r : cfg.routes()) {
      List<String> keys = new ArrayList<>();
      for (BackendAddress b : r.backends()) {
        wanted.putIfAbsent(b.key(), b);
        endpoints.putIfAbsent(b.key(), r.healthCheckEndpoint());
        routesOf.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(r.pathPrefix());
        keys.add(b.key());
      }
      groups.add(keys);
    }
    routeBackends = groups;
    List<String> added = new ArrayList<>();
    backends.keySet().removeIf(key -> {
      if (!wanted.containsKey(key)) {
        metrics.removed(key);
        firstCheckPending.remove(key);
        dirty = true;
        return true;
      }
      return false;
    });
    for (Map.Entry<String, BackendAddress> e : wanted.entrySet()) {
      addresses.put(e.getKey(), e.getValue());
      if (!backends.containsKey(e.getKey())) {
        // New backends start healthy (as at startup) and get checked at once; a failed first
        // check takes them out immediately.
        backends.put(e.getKey(), new BackendHealth(e.getKey(), now));
        firstCheckPending.add(e.getKey());
        metrics.backendHealthy(e.getKey(), true);
        added.add(e.getKey());
        dirty = true;
      }
    }
    addresses.keySet().retainAll(wanted.keySet());
    return added;
  }

  // ---- active checks ----

  private Future<Void> runFirstPass() {
    List<Future<Void>> all = new ArrayList<>();
    for (String key : new ArrayList<>(backends.keySet())) {
      all.add(probe(key));
    }
    return Future.join(all).mapEmpty().transform(ar -> {
      publishIfDirty();
      return Future.succeededFuture();
    });
  }

  private void schedulePeriodic() {
    if (periodicId >= 0) {
      vertx.cancelTimer(periodicId);
    }
    long intervalMs = config.healthCheck().intervalSec() * 1000;
    periodicId = vertx.setPeriodic(intervalMs, id -> runPass(intervalMs));
  }

  private void runPass(long intervalMs) {
    long now = clock.getAsLong();
    long maxJitter = Math.max(1, Math.min(intervalMs / 10, 1000));
    for (String key : backends.keySet()) {
      backends.get(key).decay(now, config.healthCheck());
      // Spread the checks a little so a large pool is not probed in one burst.
      long delay = 1 + ThreadLocalRandom.current().nextLong(maxJitter);
      vertx.setTimer(delay, id -> probe(key));
    }
  }

  private Future<Void> probe(String key) {
    BackendAddress addr = addresses.get(key);
    if (addr == null || !checking.add(key)) {
      return Future.succeededFuture();
    }
    HealthCheckConfig hc = config.healthCheck();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(addr.host())
        .setPort(addr.port())
        .setURI(endpoints.getOrDefault(key, hc.endpoint()))
        .setTimeout(hc.checkTimeoutMs())
        .putHeader("user-agent", "ferrum-proxy-health-check");
    return checks.request(options)
        .compose(req -> req.send())
        .map(resp -> {
          int status = resp.statusCode();
          resp.end();
          return status;
        })
        .transform(ar -> {
          checking.remove(key);
          if (ar.succeeded()) {
            int status = ar.result();
            onCheckResult(key, config.healthCheck().activeSuccess().contains(status), String.valueOf(status));
          } else {
            onCheckResult(key, false, describe(ar.cause(), hc.checkTimeoutMs()));
          }
          publishIfDirty();
          return Future.<Void>succeededFuture();
        });
  }

  private void onCheckResult(String key, boolean ok, String detail) {
    BackendHealth h = backends.get(key);
    if (h == null) {
      return;
    }
    if (!ok) {
      metrics.failure(key, OutcomeKind.CHECK_FAILED.label());
    }
    long now = clock.getAsLong();
    BackendHealth.Transition t = firstCheckPending.remove(key)
        ? h.onFirstCheck(ok, detail, now, config.healthCheck())
        : h.onCheck(ok, detail, now, config.healthCheck());
    apply(h, t);
  }

  private static String describe(Throwable t, long timeoutMs) {
    if (t instanceof TimeoutException) {
      return "timeout after " + timeoutMs + " ms";
    }
    if (t instanceof ConnectException) {
      return "connect failed: " + t.getMessage();
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  // ---- passive outcomes ----

  private void onReport(OutcomeBatch batch) {
    long now = clock.getAsLong();
    for (Outcome o : batch.outcomes()) {
      BackendHealth h = backends.get(o.backend());
      if (h == null) {
        continue;
      }
      if (o.kind().failure()) {
        metrics.failure(o.backend(), o.kind().label());
      }
      long refusedBefore = h.refusedEjections();
      apply(h, h.onOutcome(o.kind(), now, config.healthCheck(), this));
      if (h.refusedEjections() != refusedBefore) {
        metrics.refusedEjection(o.backend());
        if (refusedBefore == 0) {
          EventLog.warn("ejection_refused", "backend", o.backend(),
              "reason", "last_backend_in_rotation_for_a_route");
        }
      }
    }
    publishIfDirty();
  }

  @Override
  public boolean mayEject(String backend) {
    for (List<String> group : routeBackends) {
      if (!group.contains(backend)) {
        continue;
      }
      boolean anotherRoutable = false;
      for (String other : group) {
        BackendHealth h = backends.get(other);
        if (!other.equals(backend) && h != null && h.state().routable()) {
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

  private void apply(BackendHealth h, BackendHealth.Transition t) {
    scheduleEjectionEnd(h);
    if (t == null) {
      return;
    }
    dirty = true;
    EventLog.info("health_transition", "backend", t.backend(), "from", t.from().label(), "to", t.to().label(),
        "reason", t.reason());
    metrics.transition(t.backend(), t.to().label());
    metrics.backendHealthy(t.backend(), t.to() == BackendState.HEALTHY);
    if (t.reason().equals("passive_failures") || t.reason().equals("probe_failed")) {
      metrics.ejection(t.backend());
    }
  }

  /** Ejections end on a timer, never when somebody happens to look. */
  private void scheduleEjectionEnd(BackendHealth h) {
    long until = h.ejectedUntilMs();
    Long scheduled = ejectionTimerFor.get(h.key());
    if (until == 0 || (scheduled != null && scheduled == until)) {
      return;
    }
    ejectionTimerFor.put(h.key(), until);
    long delay = Math.max(1, until - clock.getAsLong());
    vertx.setTimer(delay, id -> {
      BackendHealth current = backends.get(h.key());
      if (current != h) {
        return;
      }
      ejectionTimerFor.remove(h.key());
      apply(h, h.onEjectionTimer(clock.getAsLong()));
      publishIfDirty();
    });
  }

  // ---- publishing ----

  private HealthSnapshot snapshot() {
    Map<String, BackendState> states = new LinkedHashMap<>();
    backends.forEach((k, h) -> states.put(k, h.state()));
    return new HealthSnapshot(sequence, Map.copyOf(states));
  }

  private void publishIfDirty() {
    if (!dirty) {
      return;
    }
    dirty = false;
    sequence++;
    vertx.eventBus().publish(HealthAddresses.SNAPSHOT, snapshot());
  }

  private void onDetails(Message<Object> m) {
    JsonArray list = new JsonArray();
    backends.forEach((key, h) -> list.add(h.toJson()
        .put("health_endpoint", endpoints.get(key))
        .put("routes", new JsonArray(new ArrayList<>(routesOf.getOrDefault(key, List.of()))))));
    m.reply(new JsonObject()
        .put("generated_ms", clock.getAsLong())
        .put("snapshot_sequence", sequence)
        .put("backends", list));
  }

  // ---- startup ----

  private Future<Void> checkStartupPools() {
    List<String> dead = new ArrayList<>();
    for (RouteConfig r : config.routes()) {
      boolean any = false;
      for (BackendAddress b : r.backends()) {
        BackendHealth h = backends.get(b.key());
        any |= h != null && h.state().routable();
      }
      if (!any) {
        dead.add(r.pathPrefix());
        EventLog.warn("startup_warning", "route", r.pathPrefix(), "reason", "all_backends_unavailable");
      }
    }
    if (!dead.isEmpty() && config.server().failOnStartupDeadPool()) {
      return Future.failedFuture(new IllegalStateException("startup aborted: " + dead.size()
          + " route(s) have no reachable backends: " + String.join(", ", dead)));
    }
    return Future.succeededFuture();
  }
}
