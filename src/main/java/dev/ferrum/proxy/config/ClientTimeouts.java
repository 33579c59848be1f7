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

  public static final ClientTimeouts DEFAULT = builder().headerMs(10_000).bodyMs(15_000).keepaliveMs(75_000)
      .sendMs(60_000).build();

  public ClientTimeouts {
    Bounds.MILLIS.check("client_header_timeout_ms", headerMs);
    Bounds.MILLIS.check("client_body_timeout_ms", bodyMs);
    Bounds.MILLIS.check("keepalive_timeout_ms", keepaliveMs);
    Bounds.MILLIS.check("client_send_timeout_ms", sendMs);
  }

  /** Four durations side by side: built by name, so none can take another's place. */
  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private long headerMs;
    private long bodyMs;
    private long keepaliveMs;
    private long sendMs;

    private Builder() {
    }

    public Builder headerMs(long ms) {
      headerMs = ms;
      return this;
    }

    public Builder bodyMs(long ms) {
      bodyMs = ms;
      return this;
    }

    public Builder keepaliveMs(long ms) {
      keepaliveMs = ms;
      return this;
    }

    public Builder sendMs(long ms) {
      sendMs = ms;
      return this;
    }

    public ClientTimeouts build() {
      return new ClientTimeouts(headerMs, bodyMs, keepaliveMs, sendMs);
    }
  }
}
