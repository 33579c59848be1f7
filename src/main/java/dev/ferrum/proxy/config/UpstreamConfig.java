package dev.ferrum.proxy.config;

/**
 * How the proxy talks to backends ({@code upstream:}); each timeout can be overridden per route.
 *
 * @param connectTimeoutMs TCP connect to a backend; a failed or slow connect is a connect failure (502 or retried)
 * @param responseTimeoutMs from the end of the request to the response head; 504 when exceeded
 * @param readTimeoutMs longest gap between two chunks of the response body; the client connection is cut
 * @param maxBufferedBodies how many request bodies may sit in retry replay buffers at once
 * @param poolSizePerBackend keep-alive connections per backend and proxy instance
 * @param idleConnectionTimeoutMs an unused pooled connection is closed after this long
 */
public record UpstreamConfig(
    long connectTimeoutMs,
    long responseTimeoutMs,
    long readTimeoutMs,
    long maxRequestBodyBytes,
    long maxResponseBodyBytes,
    int maxBufferedBodies,
    int poolSizePerBackend,
    long idleConnectionTimeoutMs) {

  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
  public static final long DEFAULT_READ_TIMEOUT_MS = 15_000;
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 16L * 1024 * 1024;
  public static final long DEFAULT_MAX_RESPONSE_BODY_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_MAX_BUFFERED_BODIES = 100;
  public static final int DEFAULT_POOL_SIZE_PER_BACKEND = 256;
  public static final long DEFAULT_IDLE_CONNECTION_TIMEOUT_MS = 30_000;
}
