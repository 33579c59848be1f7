package dev.ferrum.proxy.config;

/**
 * How many retries a route may add to its traffic (the Envoy/Linkerd retry budget), counted by
 * each proxy instance on its own.
 *
 * @param percent retries may add at most this share on top of a route's live requests
 * @param minPerSecond retries always allowed per route and second, so quiet routes can retry at all
 */
public record RetryBudgetConfig(int percent, int minPerSecond) {

  static final Bounds PERCENT = new Bounds(0, 1000);
  static final Bounds MIN_PER_SECOND = new Bounds(0, 1_000_000);

  public static final RetryBudgetConfig DEFAULT = new RetryBudgetConfig(20, 10);

  public RetryBudgetConfig {
    PERCENT.check("budget_percent", percent);
    MIN_PER_SECOND.check("min_retries_per_second", minPerSecond);
  }
}
