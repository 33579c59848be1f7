package dev.ferrum.proxy.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Keeps requests and responses within the configured sizes, counted as the bodies flow and never
 * by buffering them.
 */
final class LimitsInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  LimitsInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    RequestState s = RequestState.of(ctx);
    HttpServerRequest req = s.request;
    long limit = s.route.config.maxRequestBodyBytes();
    long declared = contentLength(req.getHeader("content-length"));
    if (declared > limit) {
      return ErrorResponder.respond(ctx, s, FailureKind.REQUEST_TOO_LARGE, "request body too large: content-length "
          + declared + " exceeds the " + limit + " byte limit\n");
    }
    String expect = req.getHeader("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      // The body is welcome: say so now rather than let the client wait.
      req.response().writeContinue();
    }
    return ctx.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    RequestState s = RequestState.of(ctx);
    ProxyResponse resp = ctx.response();
    if (resp.proxiedResponse() != null && !exempt(s.request.method(), resp.getStatusCode())) {
      long declared = contentLength(resp.headers().get("content-length"));
      long limit = s.route.config.maxResponseBodyBytes();
      if (declared > limit) {
        s.lateFailure(FailureKind.RESPONSE_TOO_LARGE);
        if (s.upstreamRequest != null) {
          // Close that connection rather than read the oversized body just to discard it.
          s.upstreamRequest.reset();
        }
        ErrorResponder.replace(resp, s, FailureKind.RESPONSE_TOO_LARGE, ErrorResponder.message(
            FailureKind.RESPONSE_TOO_LARGE, s));
      }
    }
    return ctx.sendResponse();
  }

  /** HEAD, 204 and 304 carry no body whatever their Content-Length says. */
  static boolean exempt(HttpMethod method, int status) {
    return method == HttpMethod.HEAD || status == 204 || status == 304 || (status >= 100 && status < 200);
  }

  /** The declared length, or -1 when absent or not a plain non-negative number. */
  static long contentLength(String value) {
    if (value == null || value.isEmpty() || value.length() > 19) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
