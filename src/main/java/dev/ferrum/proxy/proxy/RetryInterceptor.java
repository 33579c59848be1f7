package dev.ferrum.proxy.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Last in the chain, because only the last interceptor can call {@code sendRequest()} again
 * (earlier ones would be skipped): hands the exchange to its {@link AttemptLoop}, which makes
 * every attempt, the first included.
 */
final class RetryInterceptor implements ProxyInterceptor {

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ExchangeContext c = ExchangeContext.of(ctx);
    AttemptLoop loop = new AttemptLoop(ctx, c);
    c.loop(loop);
    return loop.run();
  }
}
