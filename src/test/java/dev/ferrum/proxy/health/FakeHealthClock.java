package dev.ferrum.proxy.health;

/** A health clock tests move by hand; the wall clock runs a fixed offset ahead of the monotonic one. */
final class FakeHealthClock implements HealthClock {

  private static final long WALL_OFFSET_MS = 1_700_000_000_000L;
  private long now;

  private FakeHealthClock(long startMs) {
    this.now = startMs;
  }

  static FakeHealthClock at(long startMs) {
    return new FakeHealthClock(startMs);
  }

  void advance(long ms) {
    now += ms;
  }

  @Override
  public long monotonicMs() {
    return now;
  }

  @Override
  public long wallMs() {
    return now + WALL_OFFSET_MS;
  }
}
