package dev.ferrum.proxy.retry;

/**
 * Caps retries at a share of live traffic, in the manner of Envoy's and Linkerd's retry budgets:
 * each request adds {@code percent/100} of a token, each retry spends one; a small floor of
 * {@code minPerSecond} tokens per second lets quiet routes retry at all. Per route and proxy
 * instance, used from one event loop, so plain fields suffice. Time is passed in (nanoseconds of
 * a monotonic clock), so tests drive it.
 */
public final class RetryBudget {

  private final double perRequest;
  private final double requestCap;
  private final int minPerSecond;
  private double requestTokens;
  private double floorTokens;
  private long lastRefillNanos;

  public RetryBudget(int percent, int minPerSecond, long nowNanos) {
    this.perRequest = percent / 100.0;
    // A burst may spend what about a hundred requests earned, no more.
    this.requestCap = Math.max(1.0, perRequest * 100);
    this.minPerSecond = minPerSecond;
    this.floorTokens = minPerSecond;
    this.lastRefillNanos = nowNanos;
  }

  /** A request arrived on the route: it earns its share of a retry. */
  public void onRequest() {
    requestTokens = Math.min(requestCap, requestTokens + perRequest);
  }

  /** Spends one retry if the budget allows it. */
  public boolean tryAcquire(long nowNanos) {
    if (minPerSecond > 0) {
      double elapsedSec = (nowNanos - lastRefillNanos) / 1e9;
      lastRefillNanos = nowNanos;
      floorTokens = Math.min(minPerSecond, floorTokens + elapsedSec * minPerSecond);
      if (floorTokens >= 1) {
        floorTokens -= 1;
        return true;
      }
    }
    if (requestTokens >= 1) {
      requestTokens -= 1;
      return true;
    }
    return false;
  }
}
