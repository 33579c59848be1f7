package dev.ferrum.proxy.config;

/**
 * The listener and everything about client connections ({@code server:}).
 *
 * @param instances proxy verticle instances (event loops serving traffic)
 * @param keepaliveTimeoutMs how long an idle keep-alive client connection is kept open between requests
 * @param clientSendTimeoutMs how long a client may take no response bytes at all before it is cut
 * @param maxHeaderBytes cap on the whole request header block; over it the client gets 431
 * @param maxHeaderCount cap on the number of request header fields; over it the client gets 431
 * @param maxRequestLineBytes cap on the request line; over it the client gets 414
 * @param trustForwardedHeaders keep a client's X-Forwarded-Proto / X-Forwarded-Host instead of overwriting them
 */
public record ServerConfig(
    String host,
    int port,
    int instances,
    long gracefulShutdownTimeoutMs,
    long clientHeaderTimeoutMs,
    long clientBodyTimeoutMs,
    long keepaliveTimeoutMs,
    long clientSendTimeoutMs,
    boolean failOnStartupDeadPool,
    long configScanPeriodMs,
    int maxHeaderBytes,
    int maxHeaderCount,
    int maxRequestLineBytes,
    boolean trustForwardedHeaders) {

  public static final long DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_CLIENT_HEADER_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_CLIENT_BODY_TIMEOUT_MS = 15_000;
  public static final long DEFAULT_KEEPALIVE_TIMEOUT_MS = 75_000;
  public static final long DEFAULT_CLIENT_SEND_TIMEOUT_MS = 60_000;
  public static final long DEFAULT_CONFIG_SCAN_PERIOD_MS = 2_000;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8_192;

  public static int defaultInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** The listener settings that can only change with a restart. */
  public boolean sameListener(ServerConfig other) {
    return host.equals(other.host) && port == other.port && instances == other.instances
        && maxHeaderBytes == other.maxHeaderBytes && maxRequestLineBytes == other.maxRequestLineBytes;
  }
}
