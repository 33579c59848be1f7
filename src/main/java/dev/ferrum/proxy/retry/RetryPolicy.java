package dev.ferrum.proxy.retry;

import dev.ferrum.proxy.config.RetryConfig;
import dev.ferrum.proxy.config.StatusSet;
import io.vertx.core.http.HttpMethod;

/**
 * The one retry rule of a route, built once per configuration: which requests may be repeated,
 * which statuses ask for it, and, after each attempt, whether another one is made.
 *
 * <ul>
 *   <li>nothing sent (connect failure): repeated whatever the method, as long as the body can still
 *   be sent (replay buffer, or a streamed body not yet started);</li>
 *   <li>no response (reset, response timeout, invalid response) or a status in
 *   {@code retry_on_statuses}: repeated for safe methods (GET, HEAD, OPTIONS, TRACE; PUT and DELETE
 *   with {@code retry_idempotent_methods}) whose body is in a replay buffer;</li>
 *   <li>always within {@code max_attempts}, while the client waits, before the deadline (the
 *   backoff included), and while the route's retry budget has a token: checked in that order, and
 *   the token is spent last, only for a retry that will really happen.</li>
 * </ul>
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final boolean idempotentMethods;
  private final StatusSet retryOnStatuses;
  private final Backoff backoff;

  public RetryPolicy(RetryConfig config, Backoff backoff) {
    this.maxAttempts = config.maxAttempts();
    this.idempotentMethods = config.retryIdempotentMethods();
    this.retryOnStatuses = config.retryOnStatuses();
    this.backoff = backoff;
  }

  public boolean enabled() {
    return maxAttempts > 1;
  }

  /** Whether a request with this method may be sent again after a backend saw it. */
  public boolean repeatable(HttpMethod m) {
    if (!enabled()) {
      return false;
    }
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE) {
      return true;
    }
    return idempotentMethods && (m == HttpMethod.PUT || m == HttpMethod.DELETE);
  }

  /** Whether an upstream answer with this status is worth another attempt. */
  public boolean retriesOn(int status) {
    return enabled() && retryOnStatuses.contains(status);
  }

  /** Decides after an attempt; spends a budget token only when the answer is a retry. */
  public RetryDecision decide(AttemptFacts f, RetryBudget budget) {
    if (f.attempts() >= maxAttempts) {
      return RetryDecision.stop(RetryDecision.Stop.ATTEMPTS_EXHAUSTED);
    }
    if (f.clientGone()) {
      return RetryDecision.stop(RetryDecision.Stop.CLIENT_GONE);
    }
    if (!allows(f)) {
      return RetryDecision.stop(RetryDecision.Stop.NOT_RETRYABLE);
    }
    long delay = backoff.delayMs(f.attempts());
    if (f.deadlineNanos() != Long.MAX_VALUE && f.nowNanos() + delay * 1_000_000 >= f.deadlineNanos()) {
      // Past the deadline already, or the wait alone would use up what is left.
      return RetryDecision.stop(RetryDecision.Stop.DEADLINE);
    }
    if (!budget.tryAcquire(f.nowNanos())) {
      return RetryDecision.stop(RetryDecision.Stop.BUDGET_EXHAUSTED);
    }
    return RetryDecision.retryAfter(delay);
  }

  private boolean allows(AttemptFacts f) {
    return switch (f.ending()) {
      // Nothing was sent: the original body is still unread, so even a streamed one can go again.
      case NOT_SENT -> enabled() && (f.replayable() || !f.bodyStarted());
      case NO_RESPONSE, RETRYABLE_STATUS -> f.repeatable() && f.replayable();
      case FINAL -> false;
    };
  }
}
