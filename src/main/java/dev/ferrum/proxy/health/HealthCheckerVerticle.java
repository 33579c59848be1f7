package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.ConfigUpdate;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.telemetry.HealthMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The single owner of backend health. Runs active checks (all backends concurrently, each with
 * its own jitter), takes the outcomes proxy instances report, and publishes a
 * {@link HealthSnapshot} whenever anything changed. Every decision is {@link HealthBook}'s; this
 * class does the I/O around it: timers, checks, event lines, metrics, the event bus.
 *
 * <p>Event-bus contract: consumes {@link HealthAddresses#REPORT} ({@link OutcomeBatch}) and
 * {@link ConfigUpdate#ADDRESS}; publishes {@link HealthAddresses#SNAPSHOT}; answers
 * {@link HealthAddresses#RESEND} with the current snapshot and {@link HealthAddresses#DETAILS} with
 * {@link HealthDetails}.
 */
public final class HealthCheckerVerticle extends VerticleBase {

  private final HealthMetrics metrics;
  private final HealthBook book;
  private ProxyConfig config;

  private HealthProbe probe;
  private long periodicId = -1;
  private long sequence;
  private boolean dirty;

  public HealthCheckerVerticle(ProxyConfig config, HealthMetrics metrics) {
    this(config, metrics, HealthClock.system());
  }

  HealthCheckerVerticle(ProxyConfig config, HealthMetrics metrics, HealthClock clock) {
    this.config = config;
    this.metrics = metrics;
    this.book = new HealthBook(clock);
  }

  @Override
  public Future<?> start() {
    probe = new HealthProbe(vertx, config.healthCheck());
    vertx.eventBus().<OutcomeBatch>localConsumer(HealthAddresses.REPORT, m -> {
      onReport(m.body());
      if (m.replyAddress() != null) {
        // After the snapshot went out: the reporter may now answer its client.
        m.reply(sequence);
      }
    });
    vertx.eventBus().<ConfigUpdate>localConsumer(ConfigUpdate.ADDRESS, m -> onConfig(m.body().config()));
    vertx.eventBus().<Object>localConsumer(HealthAddresses.RESEND, m -> m.reply(book.snapshot(sequence)));
    vertx.eventBus().<Object>localConsumer(HealthAddresses.DETAILS, m -> m.reply(book.details(sequence)));
    List<TrackedBackend> initial = reconcile(config);
    return checkAll(initial).compose(v -> {
      schedulePeriodic();
      return checkStartupPools();
    });
  }

  @Override
  public Future<?> stop() {
    if (periodicId >= 0) {
      vertx.cancelTimer(periodicId);
    }
    for (TrackedBackend b : book.all()) {
      cancelEjectionTimer(b);
    }
    return probe.close();
  }

  // ---- configuration ----

  private void onConfig(ProxyConfig next) {
    boolean intervalChanged = next.healthCheck().intervalSec() != config.healthCheck().intervalSec();
    config = next;
    for (TrackedBackend b : reconcile(next)) {
      check(b);
    }
    if (intervalChanged) {
      schedulePeriodic();
    }
    publishIfDirty();
  }

  /** Aligns the tracked backends with the config; returns the new ones, which get checked at once. */
  private List<TrackedBackend> reconcile(ProxyConfig cfg) {
    HealthBook.Change change = book.reconcile(cfg);
    for (TrackedBackend b : change.removed()) {
      // Its pending ejection timer must not fire for a backend that is gone (or comes back anew).
      cancelEjectionTimer(b);
      metrics.removed(b.key);
      dirty = true;
    }
    for (TrackedBackend b : change.added()) {
      metrics.backendHealthy(b.key, true);
      dirty = true;
    }
    return change.added();
  }

  // ---- active checks ----

  private Future<Void> checkAll(List<TrackedBackend> backends) {
    List<Future<Void>> all = new ArrayList<>();
    for (TrackedBackend b : backends) {
      all.add(check(b));
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
    book.decayAll();
    long maxJitter = Math.max(1, Math.min(intervalMs / 10, 1000));
    for (TrackedBackend b : book.all()) {
      // Spread the checks a little so a large pool is not probed in one burst.
      long delay = 1 + ThreadLocalRandom.current().nextLong(maxJitter);
      vertx.setTimer(delay, id -> check(b));
    }
  }

  private Future<Void> check(TrackedBackend b) {
    if (b.checking || book.get(b.key) != b) {
      return Future.succeededFuture();
    }
    b.checking = true;
    return probe.check(b.address, b.endpoint, config.healthCheck()).map(result -> {
      b.checking = false;
      if (book.get(b.key) != b) {
        return null;
      }
      if (!result.ok()) {
        metrics.failure(b.key, OutcomeKind.CHECK_FAILED.label());
      }
      apply(b, book.onCheck(b, result.ok(), result.detail()));
      publishIfDirty();
      return null;
    });
  }

  // ---- passive outcomes ----

  private void onReport(OutcomeBatch batch) {
    for (Outcome o : batch.outcomes()) {
      TrackedBackend b = book.get(o.backend());
      if (b == null) {
        continue;
      }
      if (o.kind().failure()) {
        metrics.failure(o.backend(), o.kind().label());
      }
      BackendHealth.Decision d = book.onOutcome(o);
      if (d.ejectionRefused()) {
        metrics.refusedEjection(o.backend());
        if (b.health.refusedEjections() == 1) {
          EventLog.warn("ejection_refused", "backend", o.backend(),
              "reason", "last_backend_in_rotation_for_a_route");
        }
      }
      apply(b, d.transition());
    }
    publishIfDirty();
  }

  private void apply(TrackedBackend b, BackendHealth.Transition t) {
    scheduleEjectionEnd(b);
    if (t == null) {
      return;
    }
    dirty = true;
    EventLog.info("health_transition", "backend", t.backend(), "from", t.from().label(), "to", t.to().label(),
        "reason", t.reason().label());
    metrics.transition(t.backend(), t.to().label());
    metrics.backendHealthy(t.backend(), t.to() == BackendState.HEALTHY);
    if (t.reason().ejection()) {
      metrics.ejection(t.backend());
    }
  }

  /** Ejections end on a timer, never when somebody happens to look; one timer per backend. */
  private void scheduleEjectionEnd(TrackedBackend b) {
    long until = b.health.ejectedUntilMs();
    if (until == 0) {
      cancelEjectionTimer(b);
      return;
    }
    if (b.ejectionTimerId >= 0 && b.ejectionTimerUntil == until) {
      return;
    }
    cancelEjectionTimer(b);
    long delay = Math.max(1, until - book.clock().monotonicMs());
    b.ejectionTimerUntil = until;
    b.ejectionTimerId = vertx.setTimer(delay, id -> {
      b.ejectionTimerId = -1;
      if (book.get(b.key) != b) {
        return;
      }
      apply(b, book.onEjectionTimer(b));
      publishIfDirty();
    });
  }

  private void cancelEjectionTimer(TrackedBackend b) {
    if (b.ejectionTimerId >= 0) {
      vertx.cancelTimer(b.ejectionTimerId);
      b.ejectionTimerId = -1;
    }
  }

  // ---- publishing ----

  private void publishIfDirty() {
    if (!dirty) {
      return;
    }
    dirty = false;
    sequence++;
    vertx.eventBus().publish(HealthAddresses.SNAPSHOT, book.snapshot(sequence));
  }

  // ---- startup ----

  private Future<Void> checkStartupPools() {
    List<String> dead = book.deadRoutes(config);
    for (String route : dead) {
      EventLog.warn("startup_warning", "route", route, "reason", "all_backends_unavailable");
    }
    if (!dead.isEmpty() && config.server().failOnStartupDeadPool()) {
      return Future.failedFuture(new IllegalStateException("startup aborted: " + dead.size()
          + " route(s) have no reachable backends: " + String.join(", ", dead)));
    }
    return Future.succeededFuture();
  }
}
