package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests refused before they reach the router: heads the {@link RequestGate} will not let on,
 * and requests the HTTP decoder could not parse. Each is answered (from the
 * {@link ErrorRenderer}), counted as an unrouted request and an error of its kind, and its
 * connection closed without delivering anything more from it. No access line: such a request
 * never became an exchange.
 */
final class RequestAdmission {

  private RequestAdmission() {
  }

  static void refuse(HttpServerRequest req, ErrorAnswer a, ProxyMetrics metrics) {
    NettyAdapter.poison(req.connection());
    metrics.error(a.kind().label());
    metrics.route(ProxyMetrics.UNROUTED).requestCompleted(a.status(), 0, 0, 0);
    req.resume();
    ErrorRenderer.refuse(req, a).onComplete(ar -> NettyAdapter.closeAfterResponse(req));
  }

  /** A request Netty could not parse: too long a request line or header block, or bad syntax. */
  static void invalid(HttpServerRequest req, ProxyMetrics metrics) {
    Throwable cause = req.decoderResult().cause();
    FailureKind kind = switch (NettyAdapter.headProblem(cause)) {
      case REQUEST_LINE_TOO_LONG -> FailureKind.REQUEST_LINE_TOO_LONG;
      case HEADERS_TOO_LARGE -> FailureKind.HEADERS_TOO_LARGE;
      case MALFORMED -> FailureKind.BAD_REQUEST;
    };
    refuse(req, ErrorRenderer.of(kind, null), metrics);
  }
}
