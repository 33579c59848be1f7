package dev.ferrum.proxy.health;

/**
 * The checker's time: monotonic milliseconds for every duration, deadline and timer (a wall clock
 * set back or forward must not end or stretch an ejection), and the wall clock only to show when
 * something happened. Injected, so tests drive both.
 */
public interface HealthClock {

  /** Milliseconds of a monotonic clock (any origin). */
  long monotonicMs();

  /** Milliseconds since the epoch, for display. */
  long wallMs();

  /** The wall-clock time of a monotonic instant, as seen now. */
  default long toWall(long monotonicMs) {
    return wallMs() - (monotonicMs() - monotonicMs);
  }

  static HealthClock system() {
    return new HealthClock() {
      @Override
      public long monotonicMs() {
        return System.nanoTime() / 1_000_000;
      }

      @Override
      public long wallMs() {
        return System.currentTimeMillis();
      }
    };
  }
}
