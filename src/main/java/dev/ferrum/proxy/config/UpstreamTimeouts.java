package dev.ferrum.proxy.config;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The timeouts of one attempt at a backend ({@code upstream:}, overridable per route).
 *
 * @param connectTimeoutMs TCP connect to a backend; a failed or slow connect is a connect failure (502 or retried)
 * @param explicitResponseTimeoutMs {@code response_timeout_ms} as configured; empty: as long as the connect
 *     timeout in effect, because the original's one "connect" timeout also covered the response head
 * @param readTimeoutMs longest gap between two chunks of the response body; the client connection is cut
 */
public record UpstreamTimeouts(long connectTimeoutMs, OptionalLong explicitResponseTimeoutMs, long readTimeoutMs) {

  public static final UpstreamTimeouts DEFAULT = new UpstreamTimeouts(3_000, OptionalLong.empty(), 15_000);

  public UpstreamTimeouts {
    Bounds.MILLIS.check("connect_timeout_ms", connectTimeoutMs);
    Objects.requireNonNull(explicitResponseTimeoutMs, "explicitResponseTimeoutMs");
    explicitResponseTimeoutMs.ifPresent(ms -> Bounds.MILLIS.check("response_timeout_ms", ms));
    Bounds.MILLIS.check("read_timeout_ms", readTimeoutMs);
  }

  /** From the end of the request to the response head; 504 when exceeded. */
  public long responseTimeoutMs() {
    return explicitResponseTimeoutMs.orElse(connectTimeoutMs);
  }

  /**
   * A route's timeouts: each value it sets replaces this one. A route that sets only a connect
   * timeout also shortens its response timeout, unless a response timeout was set here.
   */
  public UpstreamTimeouts overriddenBy(OptionalLong connect, OptionalLong response, OptionalLong read) {
    return new UpstreamTimeouts(connect.orElse(connectTimeoutMs),
        response.isPresent() ? response : explicitResponseTimeoutMs, read.orElse(readTimeoutMs));
  }
}
