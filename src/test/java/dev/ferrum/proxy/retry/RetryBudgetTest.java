package dev.ferrum.proxy.retry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryBudgetTest {

  private static final long SEC = 1_000_000_000L;

  @Test
  void eachRequestEarnsItsShareOfARetry() {
    RetryBudget b = new RetryBudget(20, 0, 0);
    for (int i = 0; i < 4; i++) {
      b.onRequest();
    }
    assertFalse(b.tryAcquire(0), "four requests at 20% earn 0.8 of a retry");
    b.onRequest();
    assertTrue(b.tryAcquire(0));
    assertFalse(b.tryAcquire(0));
  }

  @Test
  void theFloorRefillsWithTime() {
    RetryBudget b = new RetryBudget(0, 2, 0);
    assertTrue(b.tryAcquire(0));
    assertTrue(b.tryAcquire(0));
    assertFalse(b.tryAcquire(0), "the floor of 2 per second is spent");
    assertFalse(b.tryAcquire(SEC / 4), "a quarter second refills half a token");
    assertTrue(b.tryAcquire(SEC / 2), "half a second refills one");
  }

  @Test
  void earnedTokensAreCappedAtAHundredRequestsWorth() {
    RetryBudget b = new RetryBudget(50, 0, 0);
    for (int i = 0; i < 10_000; i++) {
      b.onRequest();
    }
    int spent = 0;
    while (b.tryAcquire(0)) {
      spent++;
    }
    org.junit.jupiter.api.Assertions.assertEquals(50, spent);
  }
}
