package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.ServerConfig;
import io.netty.util.AsciiString;
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

  private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
  private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
  private static final AsciiString HOST = AsciiString.cached("host");
  private static final String CHUNKED = "chunked";

  /** Why a head is refused: the failure kind and the text of the answer. */
  record Refusal(FailureKind kind, String message) {
  }

  private RequestGate() {
  }

  /** Null when the head may go on; otherwise why it must not. */
  static Refusal check(HttpServerRequest req, ServerConfig server) {
    MultiMap h = req.headers();
    if (h.size() > server.maxHeaderCount()) {
      return new Refusal(FailureKind.TOO_MANY_HEADERS,
          "too many request header fields (limit " + server.maxHeaderCount() + ")\n");
    }
    if (h.contains(TRANSFER_ENCODING)) {
      // RFC 9112 §6.3: with both, the length is ambiguous; a proxy must not forward such a message.
      if (h.contains(CONTENT_LENGTH)) {
        return new Refusal(FailureKind.BAD_REQUEST, "both Content-Length and Transfer-Encoding\n");
      }
      List<String> te = h.getAll(TRANSFER_ENCODING);
      if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase(CHUNKED)) {
        return new Refusal(FailureKind.BAD_REQUEST, "unsupported Transfer-Encoding (only a single chunked)\n");
      }
      if (!te.get(0).equals(CHUNKED)) {
        h.set(TRANSFER_ENCODING, CHUNKED);
      }
    }
    if (req.version() == HttpVersion.HTTP_1_1) {
      List<String> hosts = h.getAll(HOST);
      if (hosts.size() != 1) {
        return new Refusal(FailureKind.BAD_REQUEST, hosts.isEmpty() ? "missing Host header\n" : "more than one Host header\n");
      }
    }
    return null;
  }
}
