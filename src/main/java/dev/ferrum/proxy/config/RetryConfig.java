package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * Retry policy ({@code retry:} globally, {@code routes[].retry:} per route). The replay buffers'
 * process-wide budget is {@link ReplayBudgetConfig}, not part of this.
 *
 * @param maxAttempts attempts in total, the first included; 1 turns retries off
 * @param totalTimeoutMs budget for all attempts and backoff together; each attempt's timeouts are clipped to it
 * @param retryOn which statuses and methods are retried
 * @param backoffMs first backoff; doubles each retry, with jitter
 * @param budget how many retries a route may add
 * @param maxBufferedBodyBytes a request body up to this size is kept for replay; larger ones stream and are not retried
 */
public record RetryConfig(
    int maxAttempts,
    long totalTimeoutMs,
    RetryOn retryOn,
    long backoffMs,
    RetryBudgetConfig budget,
    long maxBufferedBodyBytes) {

  static final Bounds ATTEMPTS = new Bounds(1, 10);
  static final Bounds BACKOFF_MS = new Bounds(0, 60_000);
  static final Bounds BUFFERED_BODY_BYTES = new Bounds(0, 64L << 20);

  public static final RetryConfig DEFAULT =
      new RetryConfig(1, 5_000, RetryOn.DEFAULT, 50, RetryBudgetConfig.DEFAULT, 64 * 1024);

  public RetryConfig {
    ATTEMPTS.check("max_attempts", maxAttempts);
    Bounds.MILLIS.check("total_timeout_ms", totalTimeoutMs);
    Objects.requireNonNull(retryOn, "retryOn");
    BACKOFF_MS.check("backoff_ms", backoffMs);
    Objects.requireNonNull(budget, "budget");
    BUFFERED_BODY_BYTES.check("max_buffered_body_bytes", maxBufferedBodyBytes);
  }

  public boolean enabled() {
    return maxAttempts > 1;
  }

  /** The same policy for other statuses: a route's own {@code retry_on_statuses}. */
  public RetryConfig withRetryOnStatuses(StatusSet statuses) {
    return new RetryConfig(maxAttempts, totalTimeoutMs, new RetryOn(statuses, retryOn.idempotentMethods()), backoffMs,
        budget, maxBufferedBodyBytes);
  }

  public StatusSet retryOnStatuses() {
    return retryOn.statuses();
  }

  public boolean retryIdempotentMethods() {
    return retryOn.idempotentMethods();
  }

  public int budgetPercent() {
    return budget.percent();
  }

  public int minRetriesPerSecond() {
    return budget.minPerSecond();
  }
}
