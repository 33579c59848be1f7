package dev.ferrum.proxy.config;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Every timeout of one route, resolved against the global sections.
 *
 * @param upstream each attempt's timeouts
 * @param clientBodyTimeoutMs longest gap between two pieces of the request body
 * @param deadlineMs total time to the response head for the whole exchange, retries included; empty: none
 */
public record RouteTimeouts(UpstreamTimeouts upstream, long clientBodyTimeoutMs, OptionalLong deadlineMs) {

  public RouteTimeouts {
    Objects.requireNonNull(upstream, "upstream");
    Bounds.MILLIS.check("client_body_timeout_ms", clientBodyTimeoutMs);
    Objects.requireNonNull(deadlineMs, "deadlineMs");
    deadlineMs.ifPresent(ms -> Bounds.MILLIS.check("deadline_ms", ms));
  }
}
