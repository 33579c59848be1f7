package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * The listener and everything about client connections ({@code server:}). The flat accessors
 * are what the request path reads.
 *
 * @param listener the keys only a restart can change
 * @param maxHeaderCount cap on the number of request header fields; over it the client gets 431
 * @param trustForwardedHeaders keep a client's X-Forwarded-Proto / X-Forwarded-Host instead of overwriting them
 */
public record ServerConfig(
    ListenerConfig listener,
    ClientTimeouts clientTimeouts,
    int maxHeaderCount,
    boolean trustForwardedHeaders,
    LifecycleConfig lifecycle) {

  static final Bounds HEADER_COUNT = new Bounds(8, 10_000);

  public static final int DEFAULT_MAX_HEADER_COUNT = 100;

  public ServerConfig {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clientTimeouts, "clientTimeouts");
    Objects.requireNonNull(lifecycle, "lifecycle");
    HEADER_COUNT.check("max_header_count", maxHeaderCount);
  }

  /** This configuration with another listener: how a reload keeps the running one. */
  public ServerConfig withListener(ListenerConfig running) {
    return new ServerConfig(running, clientTimeouts, maxHeaderCount, trustForwardedHeaders, lifecycle);
  }

  public String host() {
    return listener.host();
  }

  public int port() {
    return listener.port();
  }

  public int instances() {
    return listener.instances();
  }

  public int maxHeaderBytes() {
    return listener.maxHeaderBytes();
  }

  /** HTTPS on the listener, or null for cleartext. */
  public ServerTlsConfig tls() {
    return listener.tls().orElse(null);
  }

  public int maxRequestLineBytes() {
    return listener.maxRequestLineBytes();
  }

  public long clientHeaderTimeoutMs() {
    return clientTimeouts.headerMs();
  }

  public long clientBodyTimeoutMs() {
    return clientTimeouts.bodyMs();
  }

  public long keepaliveTimeoutMs() {
    return clientTimeouts.keepaliveMs();
  }

  public long clientSendTimeoutMs() {
    return clientTimeouts.sendMs();
  }

  public long gracefulShutdownTimeoutMs() {
    return lifecycle.gracefulShutdownTimeoutMs();
  }

  public boolean failOnStartupDeadPool() {
    return lifecycle.failOnStartupDeadPool();
  }

  public long configScanPeriodMs() {
    return lifecycle.configScanPeriodMs();
  }
}
