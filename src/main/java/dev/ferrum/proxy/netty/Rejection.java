package dev.ferrum.proxy.netty;

/** A request refused below Vert.x's codec, where only raw bytes can answer it. */
public enum Rejection {
  /** The head did not arrive within {@code server.client_header_timeout_ms}: 408. */
  HEADER_TIMEOUT,
  /** Obsolete line folding in the head: 400. */
  OBS_FOLD,
  /** Broken chunked framing, or a control character / bare CR in a chunk-size line: 400. */
  BAD_BODY_FRAMING
}
