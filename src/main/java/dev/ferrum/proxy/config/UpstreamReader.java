package dev.ferrum.proxy.config;

import java.util.OptionalLong;

/** Reads {@code upstream:} (but {@code max_buffered_bodies}, which is the replay budget's). */
final class UpstreamReader {

  private UpstreamReader() {
  }

  /** The defaults when the section is absent; null when it has errors (they are reported). */
  static UpstreamConfig read(ConfigNode n) {
    if (n == null) {
      return UpstreamConfig.DEFAULT;
    }
    UpstreamTimeouts d = UpstreamTimeouts.DEFAULT;
    long connect = n.millis("connect_timeout_ms", d.connectTimeoutMs(), false);
    OptionalLong response = n.optionalMillis("response_timeout_ms");
    long read = n.millis("read_timeout_ms", d.readTimeoutMs(), false);
    UpstreamTimeouts timeouts = n.build(() -> new UpstreamTimeouts(connect, response, read));
    BodyLimits limits = bodyLimits(n, BodyLimits.DEFAULT);
    ConnectionPoolConfig p = ConnectionPoolConfig.DEFAULT;
    int size = (int) n.integer("pool_size_per_backend", p.sizePerBackend(), ConnectionPoolConfig.SIZE, false);
    long idle = n.millis("idle_connection_timeout_ms", p.idleTimeoutMs(), false);
    ConnectionPoolConfig pool = n.build(() -> new ConnectionPoolConfig(size, idle));
    n.finish();
    if (timeouts == null || limits == null || pool == null) {
      return null;
    }
    return n.build(() -> new UpstreamConfig(timeouts, limits, pool));
  }

  /** The body limits of {@code upstream:} or of a route, each unset key taken from {@code inherited}. */
  static BodyLimits bodyLimits(ConfigNode n, BodyLimits inherited) {
    long request = n.integer("max_request_body_bytes", inherited.maxRequestBodyBytes(), Bounds.BYTES, false);
    long response = n.integer("max_response_body_bytes", inherited.maxResponseBodyBytes(), Bounds.BYTES, false);
    return n.build(() -> new BodyLimits(request, response));
  }
}
