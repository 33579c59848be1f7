package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.ServerConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.List;

/**
 * The first look at every request head, before routing: refuses what the HTTP decoder lets
 * through but RFC 9112 says a server must not act on, because a backend or another hop could
 * frame it differently (request smuggling). Checked on the decoded headers, in a few lookups.
 */
final class RequestGate {

  private static final CharSequence TRANSFER_ENCODING = HttpHeaders.createOptimized("transfer-encoding");
  private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("content-length");
  private static final CharSequence HOST = HttpHeaders.createOptimized("host");
  private static final String CHUNKED = "chunked";

  private RequestGate() {
  }

  /** Null when the head may go on; otherwise why it must not. */
  static ErrorAnswer check(HttpServerRequest req, ServerConfig server) {
    return check(req.headers(), req.version(), server.maxHeaderCount());
  }

  /** The check itself, on the decoded head; may normalise {@code Transfer-Encoding} in place. */
  static ErrorAnswer check(MultiMap h, HttpVersion version, int maxHeaderCount) {
    if (h.size() > maxHeaderCount) {
      return ErrorRenderer.tooManyHeaders(maxHeaderCount);
    }
    if (h.contains(TRANSFER_ENCODING)) {
      // RFC 9112 §6.3: with both, the length is ambiguous; a proxy must not forward such a message.
      if (h.contains(CONTENT_LENGTH)) {
        return ErrorRenderer.badRequest(ErrorRenderer.BadRequest.BOTH_LENGTHS);
      }
      List<String> te = h.getAll(TRANSFER_ENCODING);
      if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase(CHUNKED)) {
        return ErrorRenderer.badRequest(ErrorRenderer.BadRequest.TRANSFER_ENCODING);
      }
      if (!te.get(0).equals(CHUNKED)) {
        h.set(TRANSFER_ENCODING, CHUNKED);
      }
    }
    if (version == HttpVersion.HTTP_1_1) {
      List<String> hosts = h.getAll(HOST);
      if (hosts.size() != 1) {
        return ErrorRenderer.badRequest(hosts.isEmpty() ? ErrorRenderer.BadRequest.MISSING_HOST
            : ErrorRenderer.BadRequest.MULTIPLE_HOSTS);
      }
    }
    return null;
  }
}
