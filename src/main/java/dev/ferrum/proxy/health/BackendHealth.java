package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.HealthCheckConfig;

/**
 * The health of one backend as the checker keeps it: two signals and the state derived from them.
 *
 * <ul>
 *   <li>Active: {@code failure_threshold} consecutive failed checks make the backend fail its
 *   checks; {@code recovery_threshold} consecutive passing checks clear that.</li>
 *   <li>Passive: {@code failure_threshold} consecutive failed requests eject it for
 *   {@code ejection_duration_ms × recent ejections} (capped); when that time is over it is probed
 *   with live requests: one success restores it, one failure ejects it again for longer.</li>
 * </ul>
 *
 * Failing checks win over everything: such a backend is {@link BackendState#UNHEALTHY} whatever
 * its ejection timer says, so an ejection running out never puts it back.
 *
 * <p>Owned by the checker verticle and touched from its event loop only; times are monotonic
 * milliseconds passed in (see {@link HealthClock}), so tests drive the clock.
 */
final class BackendHealth {

  /** A state change, reported once. */
  record Transition(String backend, BackendState from, BackendState to, TransitionReason reason) {
  }

  /** What a passive outcome led to: a transition, a refused ejection (panic rule), or neither. */
  record Decision(Transition transition, boolean ejectionRefused) {
    static final Decision NONE = new Decision(null, false);
    static final Decision REFUSED = new Decision(null, true);

    static Decision of(Transition t) {
      return t == null ? NONE : new Decision(t, false);
    }
  }

  /** Asked before a passive ejection: may this backend leave rotation? */
  interface EjectionGuard {
    boolean mayEject(String backend);
  }

  private final String key;
  private BackendState state = BackendState.HEALTHY;
  private long sinceMs;

  private boolean checksFailing;
  private int checkFailures;
  private int checkSuccesses;
  private long lastCheckMs;
  private boolean checked;
  private String lastCheckResult = "none yet";
  private boolean lastCheckOk;

  private int passiveFailures;
  private int ejectionMultiplier;
  private long ejectionCount;
  private long ejectedUntilMs;
  private long lastDecayMs;
  private long refusedEjections;
  private long totalFailures;

  BackendHealth(String key, long nowMs) {
    this.key = key;
    this.sinceMs = nowMs;
    this.lastDecayMs = nowMs;
  }

  String key() {
    return key;
  }

  BackendState state() {
    return state;
  }

  long ejectedUntilMs() {
    return ejectedUntilMs;
  }

  long ejectionCount() {
    return ejectionCount;
  }

  /** An active check result. */
  Transition onCheck(boolean ok, String detail, long now, HealthCheckConfig cfg) {
    lastCheckMs = now;
    checked = true;
    lastCheckResult = detail;
    lastCheckOk = ok;
    if (ok) {
      checkFailures = 0;
      checkSuccesses++;
      if (checksFailing && checkSuccesses >= cfg.recoveryThreshold()) {
        checksFailing = false;
        checkSuccesses = 0;
        return moveTo(derived(now), TransitionReason.ACTIVE_CHECKS_RECOVERED, now);
      }
      return null;
    }
    totalFailures++;
    checkSuccesses = 0;
    checkFailures++;
    if (!checksFailing && checkFailures >= cfg.failureThreshold()) {
      // checkFailures keeps counting: /health/backends and the status page show the streak.
      checksFailing = true;
      return moveTo(BackendState.UNHEALTHY, TransitionReason.ACTIVE_CHECKS_FAILED, now);
    }
    return null;
  }

  /**
   * The first check after start or after being added: a failure there takes the backend out at
   * once instead of after {@code failure_threshold} intervals, so traffic never reaches a backend
   * that was down from the start.
   */
  Transition onFirstCheck(boolean ok, String detail, long now, HealthCheckConfig cfg) {
    if (ok) {
      return onCheck(true, detail, now, cfg);
    }
    lastCheckMs = now;
    checked = true;
    lastCheckResult = detail;
    lastCheckOk = false;
    totalFailures++;
    checkSuccesses = 0;
    checkFailures = 1;
    checksFailing = true;
    return moveTo(BackendState.UNHEALTHY, TransitionReason.FIRST_CHECK_FAILED, now);
  }

  /**
   * A passive observation from a proxy instance. {@link OutcomeKind#NO_VERDICT} changes nothing:
   * it neither decides a probe nor ends a failure streak.
   */
  Decision onOutcome(OutcomeKind kind, long now, HealthCheckConfig cfg, EjectionGuard guard) {
    if (kind == OutcomeKind.NO_VERDICT) {
      return Decision.NONE;
    }
    if (!kind.failure()) {
      passiveFailures = 0;
      if (state == BackendState.PROBING) {
        return Decision.of(moveTo(BackendState.HEALTHY, TransitionReason.PROBE_SUCCEEDED, now));
      }
      return Decision.NONE;
    }
    totalFailures++;
    passiveFailures++;
    if (state == BackendState.PROBING) {
      return Decision.of(eject(now, cfg, TransitionReason.PROBE_FAILED));
    }
    if (state == BackendState.HEALTHY && passiveFailures >= cfg.failureThreshold()) {
      if (!guard.mayEject(key)) {
        // Panic rule: it stays in rotation, suspect, rather than leave a route with nothing.
        refusedEjections++;
        passiveFailures = cfg.failureThreshold();
        return Decision.REFUSED;
      }
      return Decision.of(eject(now, cfg, TransitionReason.PASSIVE_FAILURES));
    }
    return Decision.NONE;
  }

  private Transition eject(long now, HealthCheckConfig cfg, TransitionReason reason) {
    passiveFailures = 0;
    ejectionMultiplier++;
    ejectionCount++;
    lastDecayMs = now;
    long duration = Math.min(cfg.ejectionDurationMs() * ejectionMultiplier, cfg.maxEjectionDurationMs());
    ejectedUntilMs = now + duration;
    return moveTo(checksFailing ? BackendState.UNHEALTHY : BackendState.EJECTED, reason, now);
  }

  /** The ejection timer fired; ignored unless the ejection really is over. */
  Transition onEjectionTimer(long now) {
    if (ejectedUntilMs == 0 || now < ejectedUntilMs) {
      return null;
    }
    ejectedUntilMs = 0;
    if (state == BackendState.EJECTED) {
      return moveTo(BackendState.PROBING, TransitionReason.EJECTION_ENDED, now);
    }
    return null;
  }

  /**
   * Called once per check interval: while the backend stays healthy, each ejection duration
   * that passes forgets one past ejection, so the next ejection is shorter again (as Envoy does).
   */
  void decay(long now, HealthCheckConfig cfg) {
    if (state != BackendState.HEALTHY || ejectionMultiplier == 0) {
      lastDecayMs = now;
      return;
    }
    if (now - lastDecayMs >= cfg.ejectionDurationMs()) {
      ejectionMultiplier--;
      lastDecayMs = now;
    }
  }

  long refusedEjections() {
    return refusedEjections;
  }

  private BackendState derived(long now) {
    if (checksFailing) {
      return BackendState.UNHEALTHY;
    }
    if (ejectedUntilMs != 0 && now < ejectedUntilMs) {
      return BackendState.EJECTED;
    }
    if (ejectedUntilMs != 0) {
      ejectedUntilMs = 0;
      return BackendState.PROBING;
    }
    return state == BackendState.PROBING ? BackendState.PROBING : BackendState.HEALTHY;
  }

  private Transition moveTo(BackendState next, TransitionReason reason, long now) {
    if (next == state) {
      return null;
    }
    BackendState from = state;
    state = next;
    sinceMs = now;
    return new Transition(key, from, next, reason);
  }

  /** The detail record of {@code /health/backends}, times shown on the wall clock. */
  BackendDetail detail(HealthClock clock, String endpoint, java.util.List<String> routes) {
    return new BackendDetail(key, state.label(), clock.toWall(sinceMs), checkFailures, checkSuccesses, passiveFailures,
        totalFailures, ejectionCount, ejectionMultiplier, ejectedUntilMs == 0 ? null : clock.toWall(ejectedUntilMs),
        refusedEjections, checked ? clock.toWall(lastCheckMs) : null, lastCheckResult, checked ? lastCheckOk : null,
        endpoint, routes);
  }

}
