package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.tls.TlsProfile;
import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.telemetry.EventLog;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * First in the chain, so it sees the request first and the response last. It makes the
 * {@link ExchangeContext}, turns any failure of the phases inside it into an answer of ours
 * (vertx-http-proxy would otherwise answer a bare 502), and writes the final response: the
 * request id on every answer, {@code Connection: close} when the exchange asked for it, and the
 * body through {@link ResponseWriter} in place of the library's {@code ProxyResponse.send()}.
 */
final class LifecycleInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  LifecycleInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ExchangeContext c = ExchangeContext.attach(ctx, services);
    Future<ProxyResponse> inner;
    try {
      inner = ctx.sendRequest();
    } catch (RuntimeException e) {
      return failed(ctx, c, e);
    }
    return inner.recover(t -> failed(ctx, c, t));
  }

  /** A phase failed instead of answering: a classified failure gets its answer, anything else is ours. */
  static Future<ProxyResponse> failed(ProxyContext ctx, ExchangeContext c, Throwable t) {
    FailureKind kind = t instanceof UpstreamFailure f ? f.kind() : FailureKind.INTERNAL;
    if (kind == FailureKind.INTERNAL) {
      EventLog.warn("internal_error", "request_id", c.requestId(), "error", t.getClass().getName(),
          "message", String.valueOf(t.getMessage()));
    }
    Exchange ex = c.exchange();
    return ErrorRenderer.respond(ctx, c, ErrorRenderer.of(kind, ex == null || ex.route() == null ? null
        : ex.route().config));
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    ExchangeContext c = ExchangeContext.of(ctx);
    // Every answer carries the id, our own error responses included.
    ctx.response().headers().set(HeaderHardeningInterceptor.X_REQUEST_ID, c.requestId());
    if (c.snapshot.hsts != null) {
      // Ours is already on the server response (ProxyVerticle.onRequest); a backend's would double it.
      ctx.response().headers().remove(TlsProfile.STRICT_TRANSPORT_SECURITY);
    }
    if (c.closesConnection()) {
      ctx.response().headers().set(HopByHop.CONNECTION, "close");
    }
    Future<Void> sent = ResponseWriter.write(ctx.response(), c);
    if (c.closesConnection()) {
      return sent.andThen(ar -> NettyAdapter.closeAfterResponse(c.request));
    }
    return sent;
  }
}
