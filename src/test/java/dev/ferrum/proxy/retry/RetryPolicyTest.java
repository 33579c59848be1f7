package dev.ferrum.proxy.retry;

import dev.ferrum.proxy.config.RetryBudgetConfig;
import dev.ferrum.proxy.config.RetryConfig;
import dev.ferrum.proxy.config.RetryOn;
import dev.ferrum.proxy.config.StatusSet;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ferrum.proxy.retry.AttemptEnding.FINAL;
import static dev.ferrum.proxy.retry.AttemptEnding.NOT_SENT;
import static dev.ferrum.proxy.retry.AttemptEnding.NO_RESPONSE;
import static dev.ferrum.proxy.retry.AttemptEnding.RETRYABLE_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

  private static final long MS = 1_000_000;
  private static final long NOW = 5_000 * MS;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** max_attempts 3, backoff 100 ms, retry on 502/503, the random source fixed at the middle (×1.0). */
  private static RetryPolicy policy(boolean idempotent) {
    RetryConfig c = new RetryConfig(3, 5_000, new RetryOn(StatusSet.of(List.of(502, 503)), idempotent), 100,
        new RetryBudgetConfig(20, 10), 65_536);
    return new RetryPolicy(c, new Backoff(100, () -> 0.5));
  }

  private static RetryBudget plentiful() {
    return new RetryBudget(100, 1_000, NOW);
  }

  private static AttemptFacts facts(int attempts, AttemptEnding ending, boolean repeatable, boolean replayable,
      boolean bodyStarted, long deadline) {
    return new AttemptFacts(attempts, ending, repeatable, replayable, bodyStarted, false, NOW, deadline);
  }

  @Test
  void safeMethodsAreRepeatableAndUnsafeOnesOnlyWhenConfigured() {
    RetryPolicy p = policy(false);
    assertTrue(p.repeatable(HttpMethod.GET));
    assertTrue(p.repeatable(HttpMethod.HEAD));
    assertFalse(p.repeatable(HttpMethod.PUT));
    assertFalse(p.repeatable(HttpMethod.POST));
    assertTrue(policy(true).repeatable(HttpMethod.PUT));
    assertTrue(policy(true).repeatable(HttpMethod.DELETE));
    assertFalse(policy(true).repeatable(HttpMethod.POST));
  }

  @Test
  void nothingIsRepeatableWhenRetriesAreOff() {
    RetryConfig off = new RetryConfig(1, 5_000, new RetryOn(StatusSet.of(List.of(502)), true), 100,
        new RetryBudgetConfig(20, 10), 65_536);
    RetryPolicy p = new RetryPolicy(off, new Backoff(100, () -> 0.5));
    assertFalse(p.repeatable(HttpMethod.GET));
    assertFalse(p.retriesOn(502));
    assertEquals(RetryDecision.Stop.ATTEMPTS_EXHAUSTED,
        p.decide(facts(1, NOT_SENT, false, true, false, NO_DEADLINE), plentiful()).stopReason());
  }

  @Test
  void aConnectFailureIsRetriedWhateverTheMethodWhileTheBodyIsUnsent() {
    RetryPolicy p = policy(false);
    RetryDecision d = p.decide(facts(1, NOT_SENT, false, false, false, NO_DEADLINE), plentiful());
    assertTrue(d.retries());
    assertEquals(100, d.delayMs());
    assertEquals(RetryDecision.Stop.NOT_RETRYABLE,
        p.decide(facts(1, NOT_SENT, false, false, true, NO_DEADLINE), plentiful()).stopReason());
  }

  @Test
  void noResponseOrARetryableStatusNeedsARepeatableReplayableRequest() {
    RetryPolicy p = policy(false);
    for (AttemptEnding e : List.of(NO_RESPONSE, RETRYABLE_STATUS)) {
      assertTrue(p.decide(facts(1, e, true, true, false, NO_DEADLINE), plentiful()).retries(), e.name());
      assertFalse(p.decide(facts(1, e, false, true, false, NO_DEADLINE), plentiful()).retries(), e.name());
      assertFalse(p.decide(facts(1, e, true, false, false, NO_DEADLINE), plentiful()).retries(), e.name());
    }
    assertEquals(RetryDecision.Stop.NOT_RETRYABLE,
        p.decide(facts(1, FINAL, true, true, false, NO_DEADLINE), plentiful()).stopReason());
  }

  @Test
  void stopsAtMaxAttemptsAndForAClientThatLeft() {
    RetryPolicy p = policy(false);
    assertEquals(RetryDecision.Stop.ATTEMPTS_EXHAUSTED,
        p.decide(facts(3, NOT_SENT, true, true, false, NO_DEADLINE), plentiful()).stopReason());
    AttemptFacts gone = new AttemptFacts(1, NOT_SENT, true, true, false, true, NOW, NO_DEADLINE);
    assertEquals(RetryDecision.Stop.CLIENT_GONE, p.decide(gone, plentiful()).stopReason());
  }

  @Test
  void backoffDoublesPerAttempt() {
    RetryPolicy p = policy(false);
    assertEquals(100, p.decide(facts(1, NOT_SENT, true, true, false, NO_DEADLINE), plentiful()).delayMs());
    assertEquals(200, p.decide(facts(2, NOT_SENT, true, true, false, NO_DEADLINE), plentiful()).delayMs());
  }

  @Test
  void aBackoffPastTheDeadlineStopsWithoutSpendingTheBudget() {
    RetryPolicy p = policy(false);
    // One token only (no floor, 100% of one request): the deadline check must come before spending it.
    RetryBudget one = new RetryBudget(100, 0, NOW);
    one.onRequest();
    RetryDecision late = p.decide(facts(1, NOT_SENT, true, true, false, NOW + 50 * MS), one);
    assertEquals(RetryDecision.Stop.DEADLINE, late.stopReason());
    RetryDecision inTime = p.decide(facts(1, NOT_SENT, true, true, false, NOW + 500 * MS), one);
    assertTrue(inTime.retries(), "the token the late decision did not spend is still there");
    assertEquals(RetryDecision.Stop.BUDGET_EXHAUSTED,
        p.decide(facts(1, NOT_SENT, true, true, false, NOW + 500 * MS), one).stopReason());
  }

  @Test
  void aPassedDeadlineStops() {
    RetryDecision d = policy(false).decide(facts(1, NOT_SENT, true, true, false, NOW), plentiful());
    assertEquals(RetryDecision.Stop.DEADLINE, d.stopReason());
  }

  @Test
  void retriesOnConfiguredStatusesOnly() {
    RetryPolicy p = policy(false);
    assertTrue(p.retriesOn(502));
    assertTrue(p.retriesOn(503));
    assertFalse(p.retriesOn(504));
    assertFalse(p.retriesOn(200));
  }
}
