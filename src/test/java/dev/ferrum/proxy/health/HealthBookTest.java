package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.support.YamlConfigs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker's decisions over a whole configuration, on a clock the test moves. No sockets. */
class HealthBookTest {

  private static final String A = "http://127.0.0.1:3001";
  private static final String B = "http://127.0.0.1:3002";
  private static final String C = "http://127.0.0.1:4000";

  private final FakeHealthClock clock = FakeHealthClock.at(10_000);
  private final HealthBook book = new HealthBook(clock);

  private static ProxyConfig config(String apiBackends, String staticBackends) throws Exception {
    return YamlConfigs.load("""
        server:
          port: 8080
          host: 127.0.0.1
        routes:
          - path_prefix: /api
            backends: [%s]
          - path_prefix: /static
            backends: [%s]
        health_check:
          interval_sec: 10
          endpoint: /health
          failure_threshold: 2
          ejection_duration_ms: 1000
          max_ejection_duration_ms: 3000
        """.formatted(apiBackends, staticBackends));
  }

  private BackendHealth.Decision fail(String backend) {
    return book.onOutcome(new Outcome(backend, OutcomeKind.CONNECT_FAILURE, 0));
  }

  private BackendHealth.Decision outcome(String backend, OutcomeKind kind) {
    return book.onOutcome(new Outcome(backend, kind, 0));
  }

  @Test
  void reconcileTracksEachBackendOnceAndKeepsStateAcrossReloads() throws Exception {
    HealthBook.Change first = book.reconcile(config(A + ", " + B, A + ", " + C));
    assertEquals(3, first.added().size());
    assertEquals(List.of("/api", "/static"), book.get(A).routes);
    fail(A);
    assertEquals(BackendState.EJECTED, fail(A).transition().to());

    HealthBook.Change second = book.reconcile(config(A, C));
    assertEquals(List.of(), second.added());
    assertEquals(List.of(B), second.removed().stream().map(b -> b.key).toList());
    assertEquals(BackendState.EJECTED, book.get(A).health.state());
    assertNull(book.get(B));
  }

  @Test
  void anEjectionLastsItsDurationOnTheMonotonicClockThenProbes() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    fail(A);
    BackendHealth.Transition ejected = fail(A).transition();
    assertEquals(TransitionReason.PASSIVE_FAILURES, ejected.reason());
    assertTrue(ejected.reason().ejection());
    TrackedBackend a = book.get(A);
    assertEquals(clock.monotonicMs() + 1000, a.health.ejectedUntilMs());

    clock.advance(999);
    assertNull(book.onEjectionTimer(a));
    clock.advance(1);
    BackendHealth.Transition probing = book.onEjectionTimer(a);
    assertEquals(BackendState.PROBING, probing.to());
    assertFalse(probing.reason().ejection());
  }

  @Test
  void aFailedProbeEjectsForLongerUpToTheCapAndASuccessRestores() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    TrackedBackend a = book.get(A);
    fail(A);
    fail(A);
    clock.advance(1000);
    book.onEjectionTimer(a);
    assertEquals(TransitionReason.PROBE_FAILED, fail(A).transition().reason());
    assertEquals(clock.monotonicMs() + 2000, a.health.ejectedUntilMs());
    clock.advance(2000);
    book.onEjectionTimer(a);
    fail(A);
    assertEquals(clock.monotonicMs() + 3000, a.health.ejectedUntilMs(), "capped at max_ejection_duration_ms");
    clock.advance(3000);
    book.onEjectionTimer(a);
    BackendHealth.Transition back = outcome(A, OutcomeKind.SUCCESS).transition();
    assertEquals(BackendState.HEALTHY, back.to());
    assertEquals(TransitionReason.PROBE_SUCCEEDED, back.reason());
  }

  @Test
  void aClientHangingUpOnATrialRequestLeavesTheBackendOnTrial() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    fail(A);
    fail(A);
    clock.advance(1000);
    book.onEjectionTimer(book.get(A));
    assertSame(BackendHealth.Decision.NONE, outcome(A, OutcomeKind.NO_VERDICT));
    assertEquals(BackendState.PROBING, book.get(A).health.state());
  }

  @Test
  void thePanicRuleRefusesToEjectTheLastRoutableBackendOfARoute() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    fail(C);
    assertSame(BackendHealth.Decision.REFUSED, fail(C), "the only backend of /static stays");
    assertEquals(1, book.get(C).health.refusedEjections());

    fail(A);
    assertEquals(BackendState.EJECTED, fail(A).transition().to());
    fail(B);
    assertSame(BackendHealth.Decision.REFUSED, fail(B), "B is now the last routable backend of /api");
    assertEquals(List.of(), book.deadRoutes(config(A + ", " + B, C)));
  }

  @Test
  void anOutcomeForABackendNoLongerTrackedChangesNothing() throws Exception {
    book.reconcile(config(A, C));
    assertSame(BackendHealth.Decision.NONE, fail(B));
  }

  @Test
  void theFirstCheckOfANewBackendDecidesAtOnceLaterOnesNeedTheThreshold() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    TrackedBackend a = book.get(A);
    assertEquals(TransitionReason.FIRST_CHECK_FAILED, book.onCheck(a, false, "refused").reason());
    TrackedBackend b = book.get(B);
    assertNull(book.onCheck(b, true, "200"));
    assertNull(book.onCheck(b, false, "500"));
    assertEquals(TransitionReason.ACTIVE_CHECKS_FAILED, book.onCheck(b, false, "500").reason());
  }

  @Test
  void detailsShowMonotonicInstantsOnTheWallClock() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    fail(A);
    fail(A);
    long ejectedAtWall = clock.wallMs();
    clock.advance(250);
    HealthDetails details = book.details(7);
    assertEquals(7, details.snapshotSequence());
    assertEquals(clock.wallMs(), details.generatedMs());
    BackendDetail a = details.backends().get(0);
    assertEquals(A, a.backend());
    assertEquals("ejected", a.state());
    assertEquals(ejectedAtWall, a.sinceMs());
    assertEquals(ejectedAtWall + 1000, a.ejectedUntilMs());
    assertNull(a.lastCheckMs());
    assertEquals(List.of("/api"), a.routes());
    assertEquals("ejected", details.toJson().getJsonArray("backends").getJsonObject(0).getString("state"));
  }

  @Test
  void theSnapshotCarriesEveryTrackedBackendsState() throws Exception {
    book.reconcile(config(A + ", " + B, C));
    fail(A);
    fail(A);
    HealthSnapshot s = book.snapshot(3);
    assertEquals(3, s.sequence());
    assertEquals(BackendState.EJECTED, s.states().get(A));
    assertEquals(BackendState.HEALTHY, s.states().get(C));
  }
}
