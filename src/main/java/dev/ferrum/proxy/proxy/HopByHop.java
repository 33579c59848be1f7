package dev.ferrum.proxy.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.MultiMap;

import java.util.List;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): the standard ones, plus every header a {@code Connection}
 * header names, in every {@code Connection} header. Names that carry the message framing or
 * identity of the exchange are never removed on a client's say-so.
 */
final class HopByHop {

  static final CharSequence CONNECTION = HttpHeaders.createOptimized("connection");

  private static final CharSequence[] STANDARD = {
      CONNECTION,
      HttpHeaders.createOptimized("keep-alive"),
      HttpHeaders.createOptimized("proxy-connection"),
      HttpHeaders.createOptimized("te"),
      HttpHeaders.createOptimized("trailer"),
      HttpHeaders.createOptimized("transfer-encoding"),
      HttpHeaders.createOptimized("upgrade"),
      HttpHeaders.createOptimized("proxy-authenticate"),
      HttpHeaders.createOptimized("proxy-authorization"),
  };

  private HopByHop() {
  }

  /** Removes the Connection-named and the standard hop-by-hop headers from {@code headers}. */
  static void strip(MultiMap headers) {
    if (headers.contains(CONNECTION)) {
      List<String> values = headers.getAll(CONNECTION);
      for (String value : values) {
        removeTokens(headers, value);
      }
    }
    for (CharSequence name : STANDARD) {
      headers.remove(name);
    }
  }

  private static void removeTokens(MultiMap headers, String value) {
    int i = 0;
    int n = value.length();
    while (i < n) {
      int comma = value.indexOf(',', i);
      int end = comma < 0 ? n : comma;
      String token = value.substring(i, end).trim();
      if (!token.isEmpty() && !isProtected(token)) {
        headers.remove(token);
      }
      i = end + 1;
    }
  }

  /** Framing and identity headers that a Connection token must not strip. */
  private static boolean isProtected(String name) {
    return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("host")
        || name.equalsIgnoreCase("x-request-id") || name.equalsIgnoreCase("content-type")
        || name.equalsIgnoreCase("close") || name.equalsIgnoreCase("keep-alive");
  }
}
