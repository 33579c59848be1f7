package dev.ferrum.proxy.support;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/**
 * Awaitility with this suite's defaults, for tests that wait for a condition: a generous limit
 * (CI has 2 cores and runs the whole suite at once), a first check at once and quick polls after.
 * A wait whose limit is part of the behaviour under test says so with its own {@code atMost}.
 */
public final class Eventually {

  /** How long a condition may take when its time is not what the test checks. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private Eventually() {
  }

  /** {@code await(what).until(condition)} fails the test naming {@code what} if it never holds. */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what)
        .atMost(PATIENCE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20));
  }
}
