package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * How the proxy talks to backends ({@code upstream:}). Timeouts and body limits are the routes'
 * defaults; the pool is the same for all routes. {@code upstream.max_buffered_bodies} belongs to
 * {@link ReplayBudgetConfig}.
 */
public record UpstreamConfig(UpstreamTimeouts timeouts, BodyLimits bodyLimits, ConnectionPoolConfig pool) {

  public static final UpstreamConfig DEFAULT =
      new UpstreamConfig(UpstreamTimeouts.DEFAULT, BodyLimits.DEFAULT, ConnectionPoolConfig.DEFAULT);

  public UpstreamConfig {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(bodyLimits, "bodyLimits");
    Objects.requireNonNull(pool, "pool");
  }

  /** This configuration with other pools: how a reload keeps the running ones. */
  public UpstreamConfig withPool(ConnectionPoolConfig running) {
    return new UpstreamConfig(timeouts, bodyLimits, running);
  }

  public long connectTimeoutMs() {
    return timeouts.connectTimeoutMs();
  }

  public long responseTimeoutMs() {
    return timeouts.responseTimeoutMs();
  }

  public long readTimeoutMs() {
    return timeouts.readTimeoutMs();
  }

  public long maxRequestBodyBytes() {
    return bodyLimits.maxRequestBodyBytes();
  }

  public long maxResponseBodyBytes() {
    return bodyLimits.maxResponseBodyBytes();
  }

  public int poolSizePerBackend() {
    return pool.sizePerBackend();
  }

  public long idleConnectionTimeoutMs() {
    return pool.idleTimeoutMs();
  }
}
