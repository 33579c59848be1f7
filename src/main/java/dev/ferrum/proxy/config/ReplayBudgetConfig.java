package dev.ferrum.proxy.config;

/**
 * What all retry replay buffers of the process may hold together, across every proxy instance
 * and route. Over either bound a request streams without retry; it never gets a 503 for that.
 * The two keys keep their places in {@code retry:} and {@code upstream:} for compatibility, but
 * they are one budget with one meaning: per process.
 *
 * @param bufferBudgetBytes {@code retry.buffer_budget_bytes}: bytes reserved by all replay buffers
 * @param maxBufferedBodies {@code upstream.max_buffered_bodies}: replay buffers that may exist at once
 */
public record ReplayBudgetConfig(long bufferBudgetBytes, int maxBufferedBodies) {

  static final Bounds BUDGET_BYTES = new Bounds(0, 16L << 30);
  static final Bounds BODIES = new Bounds(1, 1_000_000);

  public static final ReplayBudgetConfig DEFAULT = new ReplayBudgetConfig(32L * 1024 * 1024, 100);

  public ReplayBudgetConfig {
    BUDGET_BYTES.check("retry.buffer_budget_bytes", bufferBudgetBytes);
    BODIES.check("upstream.max_buffered_bodies", maxBufferedBodies);
  }
}
