package dev.ferrum.proxy.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The one place where the proxy writes an answer of its own: a short text body naming the
 * problem, the status from the {@link FailureKind}, its standard reason phrase (never an upstream
 * one, so no "502 OK"), and nothing internal.
 */
final class ErrorResponder {

  private static final MediaType TEXT = MediaType.parse("text/plain; charset=utf-8");

  private ErrorResponder() {
  }

  static Future<ProxyResponse> respond(ProxyContext ctx, RequestState s, FailureKind kind, String message) {
    s.failure = kind;
    int status = kind.status() == 0 ? 502 : kind.status();
    if (status == 400 || status == 408 || status == 413 || status == 414 || status == 431) {
      // A client that sent this may send anything next, and the rest of this request may still
      // be on the wire: nothing more is read from this connection as a request.
      s.closeConnection = true;
      ClientConnectionGuard.poison(s.request.connection());
    }
    ProxyResponse resp = ctx.request().release().response()
        .setStatusCode(status)
        .setStatusMessage(HttpResponseStatus.valueOf(status).reasonPhrase())
        .setBody(Body.body(Buffer.buffer(message), TEXT));
    return Future.succeededFuture(resp);
  }

  /** The body text for a failure: says what went wrong, names no internals. */
  static String message(FailureKind kind, RequestState s) {
    return switch (kind) {
      case CONNECT_REFUSED -> "bad gateway: upstream connection refused\n";
      case CONNECT_FAILED -> "bad gateway: could not connect to upstream\n";
      case CONNECT_TIMEOUT -> "bad gateway: upstream connect timeout after " + s.route.config.connectTimeoutMs() + " ms\n";
      case RESPONSE_TIMEOUT -> "gateway timeout: no response from upstream within "
          + s.route.config.responseTimeoutMs() + " ms\n";
      case DEADLINE_EXCEEDED -> "gateway timeout: route deadline exceeded\n";
      case UPSTREAM_RESET -> "bad gateway: upstream closed the connection before responding\n";
      case INVALID_RESPONSE -> "bad gateway: upstream sent an invalid HTTP response\n";
      case RESPONSE_TOO_LARGE -> "bad gateway: upstream response body exceeds the "
          + s.route.config.maxResponseBodyBytes() + " byte limit\n";
      case REQUEST_TOO_LARGE -> "request body too large: exceeds the " + s.route.config.maxRequestBodyBytes()
          + " byte limit\n";
      case CLIENT_BODY_TIMEOUT -> "client request body idle timeout after " + s.route.config.clientBodyTimeoutMs()
          + " ms\n";
      case NO_HEALTHY_BACKEND -> "no healthy backends available\n";
      case NO_ROUTE -> "no route matched request path\n";
      default -> kind.label() + "\n";
    };
  }

  /** Replaces an upstream response (whose body is released) by an error of our own. */
  static ProxyResponse replace(ProxyResponse upstream, RequestState s, FailureKind kind, String message) {
    s.failure = kind;
    int status = kind.status() == 0 ? 502 : kind.status();
    upstream.release();
    return upstream
        .setStatusCode(status)
        .setStatusMessage(HttpResponseStatus.valueOf(status).reasonPhrase())
        .setBody(Body.body(Buffer.buffer(message), TEXT));
  }
}
