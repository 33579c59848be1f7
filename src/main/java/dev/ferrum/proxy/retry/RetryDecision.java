package dev.ferrum.proxy.retry;

/**
 * What the retry policy decided after an attempt: go again after {@link #delayMs()}, or stop for
 * a {@link Stop} reason. Stops are shared constants; only a retry allocates.
 */
public final class RetryDecision {

  /** Why no further attempt is made. */
  public enum Stop {
    /** The outcome or the request does not allow another attempt. */
    NOT_RETRYABLE,
    /** {@code max_attempts} reached. */
    ATTEMPTS_EXHAUSTED,
    /** The client is gone: nobody is waiting for an answer. */
    CLIENT_GONE,
    /** The deadline has passed, or the backoff alone would pass it. */
    DEADLINE,
    /** The route's retry budget has no token left. */
    BUDGET_EXHAUSTED
  }

  private static final RetryDecision[] STOPS = new RetryDecision[Stop.values().length];

  static {
    for (Stop s : Stop.values()) {
      STOPS[s.ordinal()] = new RetryDecision(-1, s);
    }
  }

  private final long delayMs;
  private final Stop stop;

  private RetryDecision(long delayMs, Stop stop) {
    this.delayMs = delayMs;
    this.stop = stop;
  }

  public static RetryDecision retryAfter(long delayMs) {
    return new RetryDecision(Math.max(0, delayMs), null);
  }

  public static RetryDecision stop(Stop why) {
    return STOPS[why.ordinal()];
  }

  public boolean retries() {
    return stop == null;
  }

  /** The wait before the next attempt; -1 for a stop. */
  public long delayMs() {
    return delayMs;
  }

  /** Why it stops; null for a retry. */
  public Stop stopReason() {
    return stop;
  }

  @Override
  public String toString() {
    return stop == null ? "retry after " + delayMs + " ms" : "stop (" + stop.name().toLowerCase() + ")";
  }
}
