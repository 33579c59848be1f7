package dev.ferrum.proxy.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;

/**
 * The interceptor chain, in the one place its order is written. Requests pass the phases top to
 * bottom, responses bottom to top:
 *
 * <ol>
 *   <li>{@link LifecycleInterceptor}: the exchange context, failures turned into answers, the
 *   response written (must be first: it is the last to see the response);</li>
 *   <li>{@link RoutingInterceptor}: route, forwarded URI, request id; 400/404/503;</li>
 *   <li>{@link HeaderHardeningInterceptor}: hop-by-hop, forwarding headers, request id;</li>
 *   <li>{@link LimitsInterceptor}: size limits, client body timeout, response limits and read
 *   timeout;</li>
 *   <li>{@link RetryInterceptor}: the attempt loop (must be last: only the last may send again).</li>
 * </ol>
 *
 * Every phase but the first is guarded: one that throws, or fails its response step, becomes an
 * {@code internal_error} answer of ours instead of the library's bare 502.
 */
final class InterceptorChain {

  private InterceptorChain() {
  }

  static HttpProxy install(HttpProxy proxy, ProxyServices services) {
    List<ProxyInterceptor> phases = List.of(
        new LifecycleInterceptor(services),
        guarded(new RoutingInterceptor(services)),
        guarded(new HeaderHardeningInterceptor()),
        guarded(new LimitsInterceptor(services)),
        guarded(new RetryInterceptor()));
    for (ProxyInterceptor p : phases) {
      proxy.addInterceptor(p);
    }
    return proxy;
  }

  private static ProxyInterceptor guarded(ProxyInterceptor phase) {
    return new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
        try {
          return phase.handleProxyRequest(ctx);
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public Future<Void> handleProxyResponse(ProxyContext ctx) {
        try {
          return phase.handleProxyResponse(ctx);
        } catch (RuntimeException e) {
          // The answer is not out yet: ours replaces it, and the outer phases still see it.
          ExchangeContext c = ExchangeContext.of(ctx);
          ErrorRenderer.replace(ctx.response(), c, ErrorRenderer.of(FailureKind.INTERNAL, null));
          return ctx.sendResponse();
        }
      }

      @Override
      public String toString() {
        return phase.getClass().getSimpleName();
      }
    };
  }
}
