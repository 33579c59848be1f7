package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.config.RouteConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.charset.StandardCharsets;

/**
 * The one place where the proxy's own answers are made, whichever path they leave by (the
 * interceptor chain, a refusal before routing, raw bytes below the HTTP codec): a short text body
 * naming the problem, the status of the {@link FailureKind} with its standard reason phrase
 * (never an upstream one, so no "502 OK"), {@code Connection: close} after the statuses that end
 * a connection, and nothing internal.
 */
final class ErrorRenderer {

  private static final String TEXT_TYPE = "text/plain; charset=utf-8";
  private static final MediaType TEXT = MediaType.parse(TEXT_TYPE);

  /** The different reasons for a 400 that a client may want to tell apart. */
  enum BadRequest {
    TARGET_FORM("request target form not supported"),
    TARGET_HOST("absolute-form request target names another host than the Host header"),
    BOTH_LENGTHS("both Content-Length and Transfer-Encoding"),
    TRANSFER_ENCODING("unsupported Transfer-Encoding (only a single chunked)"),
    MISSING_HOST("missing Host header"),
    MULTIPLE_HOSTS("more than one Host header"),
    MALFORMED("bad request");

    private final String text;

    BadRequest(String text) {
      this.text = text;
    }
  }

  private ErrorRenderer() {
  }

  // ---- the words ----

  /** The answer for {@code kind}; {@code route} supplies the limits and timeouts it names (may be null). */
  static ErrorAnswer of(FailureKind kind, RouteConfig route) {
    return new ErrorAnswer(kind, text(kind, route));
  }

  static ErrorAnswer badRequest(BadRequest why) {
    return new ErrorAnswer(FailureKind.BAD_REQUEST, why.text + "\n");
  }

  static ErrorAnswer tooManyHeaders(int limit) {
    return new ErrorAnswer(FailureKind.HEADERS_TOO_LARGE, "too many request header fields (limit " + limit + ")\n");
  }

  /** A declared Content-Length over the limit: refused before anything is read. */
  static ErrorAnswer declaredBodyTooLarge(long declared, long limit) {
    return new ErrorAnswer(FailureKind.REQUEST_TOO_LARGE,
        "request body too large: content-length " + declared + " exceeds the " + limit + " byte limit\n");
  }

  private static String text(FailureKind kind, RouteConfig r) {
    return switch (kind) {
      case CONNECT_REFUSED -> "bad gateway: upstream connection refused\n";
      case CONNECT_FAILED -> "bad gateway: could not connect to upstream\n";
      case CONNECT_TIMEOUT -> "bad gateway: upstream connect timeout after " + r.connectTimeoutMs() + " ms\n";
      case RESPONSE_TIMEOUT -> "gateway timeout: no response from upstream within " + r.responseTimeoutMs() + " ms\n";
      case DEADLINE_EXCEEDED -> "gateway timeout: route deadline exceeded\n";
      case UPSTREAM_RESET -> "bad gateway: upstream closed the connection before responding\n";
      case INVALID_RESPONSE -> "bad gateway: upstream sent an invalid HTTP response\n";
      case RESPONSE_TOO_LARGE -> "bad gateway: upstream response body exceeds the " + r.maxResponseBodyBytes()
          + " byte limit\n";
      case REQUEST_TOO_LARGE -> "request body too large: exceeds the " + r.maxRequestBodyBytes() + " byte limit\n";
      case CLIENT_BODY_TIMEOUT -> "client request body idle timeout after " + r.clientBodyTimeoutMs() + " ms\n";
      case NO_HEALTHY_BACKEND -> "no healthy backends available\n";
      case NO_ROUTE -> "no route matched request path\n";
      case BAD_REQUEST_PATH -> "invalid request path\n";
      case BAD_REQUEST -> BadRequest.MALFORMED.text + "\n";
      case REQUEST_LINE_TOO_LONG -> "request line too long\n";
      case HEADERS_TOO_LARGE -> "request header fields too large\n";
      case CLIENT_HEADER_TIMEOUT -> "client request header timeout\n";
      case OBS_FOLD -> "obsolete header line folding\n";
      case BAD_BODY_FRAMING -> "malformed request body framing\n";
      case INTERNAL -> "internal error\n";
      default -> kind.label() + "\n";
    };
  }

  /** Statuses after which the client connection must not carry another request. */
  static boolean closesConnection(int status) {
    return status == 400 || status == 408 || status == 413 || status == 414 || status == 431;
  }

  static String reasonPhrase(int status) {
    return NettyAdapter.reasonPhrase(status);
  }

  // ---- the ways out ----

  /** As the response of the interceptor chain, in place of anything upstream. */
  static Future<ProxyResponse> respond(ProxyContext ctx, ExchangeContext c, ErrorAnswer a) {
    c.fail(a.kind());
    int status = a.status();
    if (closesConnection(status)) {
      // A client that sent this may send anything next, and the rest of this request may still
      // be on the wire: nothing more is read from this connection as a request.
      c.closeConnection();
      NettyAdapter.poison(c.request.connection());
    }
    ProxyResponse resp = ctx.request().release().response();
    return Future.succeededFuture(fill(resp, a));
  }

  /** Replaces an upstream response (whose body is released) by an answer of ours. */
  static ProxyResponse replace(ProxyResponse upstream, ExchangeContext c, ErrorAnswer a) {
    c.fail(a.kind());
    upstream.release();
    return fill(upstream, a);
  }

  private static ProxyResponse fill(ProxyResponse resp, ErrorAnswer a) {
    int status = a.status();
    return resp.setStatusCode(status)
        .setStatusMessage(reasonPhrase(status))
        .setBody(Body.body(Buffer.buffer(a.text()), TEXT));
  }

  /** Straight to a request that never entered the chain (refused before routing); always closes. */
  static Future<Void> refuse(HttpServerRequest req, ErrorAnswer a) {
    int status = a.status();
    return req.response().setStatusCode(status)
        .setStatusMessage(reasonPhrase(status))
        .putHeader("content-type", TEXT_TYPE)
        .putHeader("connection", "close")
        .end(a.text());
  }

  /**
   * A failure inside the vertx-web router (an internal endpoint's handler threw): our 500, with no
   * stack trace or exception text, unless an answer is already on its way.
   */
  static void routerFailure(HttpServerResponse resp) {
    if (!resp.headWritten()) {
      ErrorAnswer a = of(FailureKind.INTERNAL, null);
      resp.setStatusCode(a.status()).setStatusMessage(reasonPhrase(a.status()))
          .putHeader("content-type", TEXT_TYPE).end(a.text());
    }
  }

  /** A whole HTTP/1.1 response as bytes, for answers written below the codec; always closes. */
  static byte[] raw(ErrorAnswer a) {
    int status = a.status();
    return ("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\ncontent-type: " + TEXT_TYPE
        + "\r\ncontent-length: " + a.text().length() + "\r\nconnection: close\r\n\r\n" + a.text())
        .getBytes(StandardCharsets.US_ASCII);
  }
}
