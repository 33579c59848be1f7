package dev.ferrum.proxy.config;

/**
 * Retry policy ({@code retry:} globally, {@code routes[].retry:} per route).
 *
 * @param maxAttempts attempts in total, the first included; 1 turns retries off
 * @param totalTimeoutMs budget for all attempts and backoff together; each attempt's timeouts are clipped to it
 * @param backoffMs first backoff; doubles each retry, with jitter
 * @param retryOnStatuses upstream statuses that make a safe request retry
 * @param retryIdempotentMethods also retry PUT and DELETE
 * @param maxBufferedBodyBytes a request body up to this size is kept for replay; larger ones stream and are not retried
 * @param bufferBudgetBytes all replay buffers of one proxy instance together stay under this
 * @param budgetPercent retries may add at most this share on top of a route's live requests
 * @param minRetriesPerSecond retries always allowed per route and second, so quiet routes can retry at all
 */
public record RetryConfig(
    int maxAttempts,
    long totalTimeoutMs,
    long backoffMs,
    StatusSet retryOnStatuses,
    boolean retryIdempotentMethods,
    long maxBufferedBodyBytes,
    long bufferBudgetBytes,
    int budgetPercent,
    int minRetriesPerSecond) {

  public static final int DEFAULT_MAX_ATTEMPTS = 1;
  public static final long DEFAULT_TOTAL_TIMEOUT_MS = 5_000;
  public static final long DEFAULT_BACKOFF_MS = 50;
  public static final java.util.List<Integer> DEFAULT_RETRY_ON_STATUSES = java.util.List.of(502, 503, 504);
  public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64 * 1024;
  public static final long DEFAULT_BUFFER_BUDGET_BYTES = 32L * 1024 * 1024;
  public static final int DEFAULT_BUDGET_PERCENT = 20;
  public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 10;

  public boolean enabled() {
    return maxAttempts > 1;
  }
}
