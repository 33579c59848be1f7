package dev.ferrum.proxy.netty;

/**
 * What a connection guard needs from the proxy: the timeouts in force, and the bytes to answer a
 * {@link Rejection} with (the proxy's error renderer makes them; this package only writes them).
 */
public interface GuardSettings {

  /** Timeouts in force; replaced whole on reload and read by every guard. */
  record Timeouts(long headerNanos, long keepaliveNanos) {
  }

  Timeouts timeouts();

  /** The complete raw HTTP/1.1 response for {@code r}, written below the codec. */
  byte[] answer(Rejection r);

  /** Called once per rejected connection, for the error counters. */
  void rejected(Rejection r);
}
