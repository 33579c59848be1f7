package dev.ferrum.proxy.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code server} keys that only a restart can change: they are baked into the bound sockets
 * and the HTTP decoder, so a reload keeps the running values (see
 * {@link ProxyConfig#withRestartOnlyKeysFrom}).
 *
 * @param host address or name to bind, without IPv6 brackets
 * @param instances proxy verticle instances (event loops serving traffic)
 * @param maxHeaderBytes cap on the whole request header block; over it the client gets 431
 * @param maxRequestLineBytes cap on the request line; over it the client gets 414
 * @param tls HTTPS on this listener ({@code server.tls}), empty for cleartext HTTP
 */
public record ListenerConfig(String host, int port, int instances, int maxHeaderBytes, int maxRequestLineBytes,
    Optional<ServerTlsConfig> tls) {

  static final Bounds PORT = new Bounds(1, 65535);
  static final Bounds INSTANCES = new Bounds(1, 256);
  static final Bounds HEADER_BYTES = new Bounds(1024, 1 << 20);
  static final Bounds REQUEST_LINE_BYTES = new Bounds(256, 1 << 20);

  public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8_192;

  /** A cleartext listener. */
  public ListenerConfig(String host, int port, int instances, int maxHeaderBytes, int maxRequestLineBytes) {
    this(host, port, instances, maxHeaderBytes, maxRequestLineBytes, Optional.empty());
  }

  public ListenerConfig {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: " + ConfigValues.quote(host)
          + " (expected: an IP address or a host name)");
    }
    PORT.check("port", port);
    INSTANCES.check("instances", instances);
    HEADER_BYTES.check("max_header_bytes", maxHeaderBytes);
    REQUEST_LINE_BYTES.check("max_request_line_bytes", maxRequestLineBytes);
  }

  public static int defaultInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
