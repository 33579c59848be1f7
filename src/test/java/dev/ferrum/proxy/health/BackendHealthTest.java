package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.ActiveChecks;
import dev.ferrum.proxy.config.EjectionConfig;
import dev.ferrum.proxy.config.HealthCheckConfig;
import dev.ferrum.proxy.config.StatusSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** One test per transition of the state machine, driven by an explicit clock. */
class BackendHealthTest {

  private static final HealthCheckConfig CFG = new HealthCheckConfig(
      new ActiveChecks(10, "/health", 1000, StatusSet.range(200, 399), 2), 3, StatusSet.range(500, 599),
      new EjectionConfig(1000, 4000), 1);
  private static final BackendHealth.EjectionGuard ALLOW = b -> true;

  private final BackendHealth h = new BackendHealth("http://b:1", 0);

  @Test
  void startsHealthy() {
    assertEquals(BackendState.HEALTHY, h.state());
  }

  @Test
  void failingChecksMakeItUnhealthyAfterTheThreshold() {
    assertNull(h.onCheck(false, "500", 1, CFG));
    assertNull(h.onCheck(false, "500", 2, CFG));
    BackendHealth.Transition t = h.onCheck(false, "500", 3, CFG);
    assertEquals(new BackendHealth.Transition("http://b:1", BackendState.HEALTHY, BackendState.UNHEALTHY,
        TransitionReason.ACTIVE_CHECKS_FAILED), t);
  }

  @Test
  void passingChecksBringItBackAfterTheRecoveryThreshold() {
    for (int i = 0; i < 3; i++) {
      h.onCheck(false, "x", i, CFG);
    }
    assertNull(h.onCheck(true, "200", 10, CFG));
    assertEquals(BackendState.HEALTHY, h.onCheck(true, "200", 11, CFG).to());
  }

  @Test
  void theConsecutiveCheckFailureCountKeepsCountingOnceUnhealthy() {
    for (int i = 1; i <= 4; i++) {
      h.onCheck(false, "503", i, CFG);
    }
    assertEquals(BackendState.UNHEALTHY, h.state());
    assertEquals(4, checkFailures(h));
    h.onCheck(true, "200", 5, CFG);
    assertEquals(0, checkFailures(h));
    BackendHealth fresh = new BackendHealth("http://c:1", 0);
    fresh.onFirstCheck(false, "refused", 1, CFG);
    assertEquals(1, checkFailures(fresh));
  }

  @Test
  void aFailedFirstCheckTakesItOutAtOnce() {
    assertEquals(BackendState.UNHEALTHY, h.onFirstCheck(false, "refused", 1, CFG).to());
    assertNull(h.onCheck(true, "200", 2, CFG));
    assertEquals(BackendState.HEALTHY, h.onCheck(true, "200", 3, CFG).to());
  }

  @Test
  void consecutivePassiveFailuresEjectIt() {
    h.onOutcome(OutcomeKind.FAILURE_STATUS, 1, CFG, ALLOW);
    h.onOutcome(OutcomeKind.FAILURE_STATUS, 2, CFG, ALLOW);
    BackendHealth.Transition t = h.onOutcome(OutcomeKind.CONNECT_FAILURE, 3, CFG, ALLOW).transition();
    assertEquals(BackendState.EJECTED, t.to());
    assertEquals(TransitionReason.PASSIVE_FAILURES, t.reason());
    assertEquals(1003, h.ejectedUntilMs());
  }

  @Test
  void aSuccessResetsThePassiveStreak() {
    h.onOutcome(OutcomeKind.RESET, 1, CFG, ALLOW);
    h.onOutcome(OutcomeKind.RESET, 2, CFG, ALLOW);
    h.onOutcome(OutcomeKind.SUCCESS, 3, CFG, ALLOW);
    assertEquals(BackendHealth.Decision.NONE, h.onOutcome(OutcomeKind.RESET, 4, CFG, ALLOW));
    assertEquals(BackendState.HEALTHY, h.state());
  }

  @Test
  void ejectionEndsOnItsTimerIntoProbing() {
    eject(0);
    assertNull(h.onEjectionTimer(500));
    assertEquals(BackendState.PROBING, h.onEjectionTimer(1002).to());
  }

  @Test
  void aSuccessfulProbeRestoresIt() {
    eject(0);
    h.onEjectionTimer(1002);
    BackendHealth.Transition t = h.onOutcome(OutcomeKind.SUCCESS, 1003, CFG, ALLOW).transition();
    assertEquals(BackendState.HEALTHY, t.to());
    assertEquals(TransitionReason.PROBE_SUCCEEDED, t.reason());
  }

  @Test
  void aFailedProbeEjectsItAgainForLonger() {
    eject(0);
    h.onEjectionTimer(1002);
    BackendHealth.Transition t = h.onOutcome(OutcomeKind.FAILURE_STATUS, 1010, CFG, ALLOW).transition();
    assertEquals(BackendState.EJECTED, t.to());
    assertEquals(TransitionReason.PROBE_FAILED, t.reason());
    assertEquals(1010 + 2000, h.ejectedUntilMs());
    h.onEjectionTimer(3010);
    h.onOutcome(OutcomeKind.FAILURE_STATUS, 3011, CFG, ALLOW);
    assertEquals(3011 + 3000, h.ejectedUntilMs());
    h.onEjectionTimer(6011);
    h.onOutcome(OutcomeKind.FAILURE_STATUS, 6012, CFG, ALLOW);
    // Capped at max_ejection_duration_ms.
    assertEquals(6012 + 4000, h.ejectedUntilMs());
  }

  @Test
  void anEjectionRunningOutNeverPutsBackABackendThatFailsItsChecks() {
    eject(0);
    for (int i = 0; i < 3; i++) {
      h.onCheck(false, "refused", 10 + i, CFG);
    }
    assertEquals(BackendState.UNHEALTHY, h.state());
    assertNull(h.onEjectionTimer(1002));
    assertEquals(BackendState.UNHEALTHY, h.state());
    h.onCheck(true, "200", 2000, CFG);
    assertEquals(BackendState.HEALTHY, h.onCheck(true, "200", 2001, CFG).to());
  }

  @Test
  void checksRecoveringDuringAnEjectionLeaveItEjected() {
    eject(0);
    for (int i = 0; i < 3; i++) {
      h.onCheck(false, "x", 10 + i, CFG);
    }
    h.onCheck(true, "200", 20, CFG);
    BackendHealth.Transition t = h.onCheck(true, "200", 21, CFG);
    assertNotNull(t);
    assertEquals(BackendState.EJECTED, t.to());
  }

  @Test
  void theGuardKeepsTheLastBackendOfARoute() {
    for (int i = 0; i < 5; i++) {
      assertNull(h.onOutcome(OutcomeKind.CONNECT_FAILURE, i, CFG, b -> false).transition());
    }
    assertEquals(BackendState.HEALTHY, h.state());
    assertEquals(3, h.refusedEjections());
  }

  @Test
  void repeatedEjectionsAreForgottenWhileItStaysHealthy() {
    eject(0);
    h.onEjectionTimer(1002);
    h.onOutcome(OutcomeKind.SUCCESS, 1003, CFG, ALLOW);
    h.decay(1500, CFG);
    h.decay(2100, CFG);
    eject(3000);
    // Multiplier back to 1 after one healthy ejection period: base duration again.
    assertEquals(3002 + 1000, h.ejectedUntilMs());
  }

  @Test
  void theGuardRefusalIsReportedOncePerRefusal() {
    h.onOutcome(OutcomeKind.CONNECT_FAILURE, 1, CFG, b -> false);
    h.onOutcome(OutcomeKind.CONNECT_FAILURE, 2, CFG, b -> false);
    assertEquals(BackendHealth.Decision.REFUSED, h.onOutcome(OutcomeKind.CONNECT_FAILURE, 3, CFG, b -> false));
    assertEquals(BackendHealth.Decision.REFUSED, h.onOutcome(OutcomeKind.CONNECT_FAILURE, 4, CFG, b -> false));
  }

  @Test
  void noVerdictNeitherDecidesAProbeNorEndsAStreak() {
    eject(0);
    h.onEjectionTimer(1002);
    assertEquals(BackendHealth.Decision.NONE, h.onOutcome(OutcomeKind.NO_VERDICT, 1003, CFG, ALLOW));
    assertEquals(BackendState.PROBING, h.state());
    BackendHealth fresh = new BackendHealth("http://c:1", 0);
    fresh.onOutcome(OutcomeKind.RESET, 1, CFG, ALLOW);
    fresh.onOutcome(OutcomeKind.RESET, 2, CFG, ALLOW);
    fresh.onOutcome(OutcomeKind.NO_VERDICT, 3, CFG, ALLOW);
    assertEquals(BackendState.EJECTED, fresh.onOutcome(OutcomeKind.RESET, 4, CFG, ALLOW).transition().to());
  }

  private static int checkFailures(BackendHealth b) {
    return b.detail(FakeHealthClock.at(0), "/health", java.util.List.of()).consecutiveCheckFailures();
  }

  private void eject(long at) {
    h.onOutcome(OutcomeKind.FAILURE_STATUS, at, CFG, ALLOW);
    h.onOutcome(OutcomeKind.FAILURE_STATUS, at + 1, CFG, ALLOW);
    h.onOutcome(OutcomeKind.FAILURE_STATUS, at + 2, CFG, ALLOW);
    assertEquals(BackendState.EJECTED, h.state());
  }
}
