package dev.ferrum.proxy.config;

/**
 * How long a client may keep its connection busy without progress ({@code server.*_timeout_ms}).
 *
 * @param headerMs the whole request head, from its first byte (or the connection's start)
 * @param bodyMs longest gap between two pieces of a request body; routes may override it
 * @param keepaliveMs an idle keep-alive connection between requests
 * @param sendMs no response bytes accepted at all
 */
public record ClientTimeouts(long headerMs, long bodyMs, long keepaliveMs, long sendMs) {

  public static final ClientTimeouts DEFAULT = new ClientTimeouts(10_000, 15_000, 75_000, 60_000);

  public ClientTimeouts {
    Bounds.MILLIS.check("client_header_timeout_ms", headerMs);
    Bounds.MILLIS.check("client_body_timeout_ms", bodyMs);
    Bounds.MILLIS.check("keepalive_timeout_ms", keepaliveMs);
    Bounds.MILLIS.check("client_send_timeout_ms", sendMs);
  }
}
