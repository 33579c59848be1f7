package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.RouteConfig;
import dev.ferrum.proxy.upstream.GuardedBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Keeps requests and responses within their limits, counting bodies as they flow, never by
 * buffering them.
 *
 * <p>Request: too many header fields gives 431; a declared {@code Content-Length} over
 * {@code max_request_body_bytes} gives 413 before anything reaches a backend; otherwise the body
 * is guarded (413 when a chunked body crosses the limit, 408 when the client stalls for
 * {@code client_body_timeout_ms}), and only then is {@code 100 Continue} sent.
 *
 * <p>Response: a declared {@code Content-Length} over {@code max_response_body_bytes} gives 502
 * before any byte goes out; otherwise the body is guarded: crossing the limit, a gap longer than
 * {@code read_timeout_ms}, or a client that takes nothing for {@code client_send_timeout_ms}
 * cuts the connection (the status is already out). HEAD, 1xx, 204 and 304 are exempt from size
 * limits: they carry no body.
 */
final class LimitsInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  LimitsInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ExchangeContext c = ExchangeContext.of(ctx);
    Exchange ex = c.exchange();
    HttpServerRequest req = ex.request();
    RouteConfig rc = ex.route().config;
    long limit = rc.maxRequestBodyBytes();
    long declared = contentLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared > limit) {
      return ErrorRenderer.respond(ctx, c, ErrorRenderer.declaredBodyTooLarge(declared, limit));
    }
    if (!ex.bodyless()) {
      ProxyRequest pr = ctx.request();
      Body original = pr.getBody();
      RequestBodyWatch watch = new RequestBodyWatch(c);
      c.requestBody(watch);
      GuardedBody guarded = new GuardedBody(original.stream(), services.watchdog, limit, rc.clientBodyTimeoutMs(), 0,
          watch);
      pr.setBody(Body.body(guarded, original.length(), original.mediaType()));
      String expect = req.getHeader(HttpHeaders.EXPECT);
      if (expect != null && expect.equalsIgnoreCase("100-continue")) {
        // The body is welcome now that its declared size passed: say so rather than let the client wait.
        req.response().writeContinue();
      }
    }
    return ctx.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    ProxyResponse resp = ctx.response();
    if (resp.proxiedResponse() == null) {
      return ctx.sendResponse();
    }
    ExchangeContext c = ExchangeContext.of(ctx);
    Exchange ex = c.exchange();
    AttemptLoop loop = c.loop();
    RouteConfig rc = ex.route().config;
    boolean exempt = exempt(ex.request().method(), resp.getStatusCode());
    long limit = exempt ? Long.MAX_VALUE : rc.maxResponseBodyBytes();
    long declared = contentLength(resp.headers().get(HttpHeaders.CONTENT_LENGTH));
    if (declared > limit) {
      loop.lateFailure(FailureKind.RESPONSE_TOO_LARGE);
      // Close that connection rather than read the oversized body just to discard it.
      loop.resetUpstream();
      ErrorRenderer.replace(resp, c, ErrorRenderer.of(FailureKind.RESPONSE_TOO_LARGE, rc));
      return ctx.sendResponse();
    }
    Body body = resp.getBody();
    if (body != null) {
      GuardedBody guarded = new GuardedBody(body.stream(), services.watchdog, limit, rc.readTimeoutMs(),
          ex.snapshot().config.server().clientSendTimeoutMs(), new ResponseBodyWatch(c, loop));
      resp.setBody(Body.body(guarded, body.length(), body.mediaType()));
    }
    return ctx.sendResponse();
  }

  /** HEAD, 1xx, 204 and 304 carry no body whatever their Content-Length says. */
  static boolean exempt(HttpMethod method, int status) {
    return method == HttpMethod.HEAD || status == 204 || status == 304 || (status >= 100 && status < 200);
  }

  /** The declared length, or -1 when absent or not a plain non-negative number. */
  static long contentLength(String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return value != null && value.length() > 18 && value.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
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
