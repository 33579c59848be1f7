package dev.ferrum.proxy.proxy;

import io.vertx.core.MultiMap;

import java.util.List;

/**
 * Checks how an upstream response says it is framed, before vertx-http-proxy sees it. The library
 * (5.0.7, {@code ReverseProxy.sendProxyResponse}) answers 501 on its own, outside every
 * interceptor, to any {@code Transfer-Encoding} that is not exactly the lower-case
 * {@code chunked}: a backend's valid {@code Chunked} would reach the client as a bare 501. Here a
 * single {@code chunked} in any case is normalised, and any other transfer coding (which we would
 * have to undo to re-frame the body) makes the response invalid.
 */
final class UpstreamFraming {

  private static final String TRANSFER_ENCODING = "transfer-encoding";
  private static final String CHUNKED = "chunked";

  private UpstreamFraming() {
  }

  /** True when the response can be relayed (normalising its Transfer-Encoding in place). */
  static boolean acceptable(MultiMap headers) {
    List<String> te = headers.getAll(TRANSFER_ENCODING);
    if (te.isEmpty()) {
      return true;
    }
    if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase(CHUNKED)) {
      return false;
    }
    if (!te.get(0).equals(CHUNKED)) {
      headers.set(TRANSFER_ENCODING, CHUNKED);
    }
    return true;
  }
}
