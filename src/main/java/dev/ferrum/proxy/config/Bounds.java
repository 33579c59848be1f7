package dev.ferrum.proxy.config;

/**
 * An inclusive range of accepted integers. The reader and the records' own checks share these,
 * so a value the loader lets through is never one a record refuses, and both word the refusal
 * alike: {@code <key>: <value> (expected: <range>)}.
 */
record Bounds(long min, long max) {

  /** Durations: at least 1 ms, so 0 can never silently mean "off"; at most a week. */
  static final Bounds MILLIS = new Bounds(1, 7L * 24 * 3600 * 1000);
  /** Sizes in bytes that must let something through. */
  static final Bounds BYTES = new Bounds(1, Long.MAX_VALUE);

  boolean contains(long value) {
    return value >= min && value <= max;
  }

  /** The value, or an {@link IllegalArgumentException} naming the key, value and range. */
  long check(String key, long value) {
    if (!contains(value)) {
      throw new IllegalArgumentException(key + ": " + value + " (expected: " + this + ")");
    }
    return value;
  }

  int check(String key, int value) {
    return (int) check(key, (long) value);
  }

  @Override
  public String toString() {
    return max == Long.MAX_VALUE ? ">= " + min : min + "-" + max;
  }
}
