package dev.ferrum.proxy.config;

import java.util.List;

/** Reads a {@code retry:} section, the global one or a route's. */
final class RetryReader {

  private RetryReader() {
  }

  /**
   * Each key the section leaves unset keeps {@code base}'s value: the defaults for the global
   * section, the global section for a route's. Null when it has errors (they are reported).
   * {@code buffer_budget_bytes} is not read here: it is the process's replay budget, so a route
   * that sets it gets "unknown key".
   */
  static RetryConfig read(ConfigNode n, RetryConfig base) {
    if (n == null) {
      return base;
    }
    List<Integer> statuses = n.statuses("retry_on_statuses");
    int attempts = (int) n.integer("max_attempts", base.maxAttempts(), RetryConfig.ATTEMPTS, false);
    long total = n.millis("total_timeout_ms", base.totalTimeoutMs(), false);
    long backoff = n.integer("backoff_ms", base.backoffMs(), RetryConfig.BACKOFF_MS, false);
    boolean idempotent = n.bool("retry_idempotent_methods", base.retryIdempotentMethods());
    long maxBody = n.integer("max_buffered_body_bytes", base.maxBufferedBodyBytes(), RetryConfig.BUFFERED_BODY_BYTES,
        false);
    int percent = (int) n.integer("budget_percent", base.budgetPercent(), RetryBudgetConfig.PERCENT, false);
    int minPerSecond = (int) n.integer("min_retries_per_second", base.minRetriesPerSecond(),
        RetryBudgetConfig.MIN_PER_SECOND, false);
    n.finish();
    // An empty list means "inherit", as in the original.
    StatusSet on = statuses == null || statuses.isEmpty() ? base.retryOnStatuses() : StatusSet.of(statuses);
    RetryBudgetConfig budget = n.build(() -> new RetryBudgetConfig(percent, minPerSecond));
    if (budget == null) {
      return null;
    }
    return n.build(() -> new RetryConfig(attempts, total, new RetryOn(on, idempotent), backoff, budget, maxBody));
  }
}
