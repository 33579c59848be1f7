package dev.ferrum.proxy.config;

/**
 * The upstream connection pools ({@code upstream:}). Each proxy instance builds its HTTP client
 * with these once, so only a restart changes them.
 *
 * @param sizePerBackend keep-alive connections per backend and proxy instance
 * @param idleTimeoutMs an unused pooled connection is closed after this long
 */
public record ConnectionPoolConfig(int sizePerBackend, long idleTimeoutMs) {

  static final Bounds SIZE = new Bounds(1, 100_000);

  public static final ConnectionPoolConfig DEFAULT = new ConnectionPoolConfig(256, 30_000);

  public ConnectionPoolConfig {
    SIZE.check("pool_size_per_backend", sizePerBackend);
    Bounds.MILLIS.check("idle_connection_timeout_ms", idleTimeoutMs);
  }
}
