package dev.ferrum.proxy.retry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

  @Test
  void doublesPerAttemptAndCapsTheExponent() {
    Backoff b = new Backoff(10, () -> 0.5);
    assertEquals(10, b.delayMs(1));
    assertEquals(20, b.delayMs(2));
    assertEquals(40, b.delayMs(3));
    assertEquals(10 * 1024, b.delayMs(50));
  }

  @Test
  void jitterStaysWithinHalfToOneAndAHalf() {
    Random seeded = new Random(42);
    Backoff b = new Backoff(100, seeded::nextDouble);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1_000; i++) {
      long d = b.delayMs(1);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min >= 50 && min < 55, "min " + min);
    assertTrue(max < 150 && max > 145, "max " + max);
  }

  @Test
  void zeroBaseMeansNoWaitAndNegativeIsRefused() {
    assertEquals(0, new Backoff(0, () -> 0.9).delayMs(3));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, () -> 0.5));
  }
}
