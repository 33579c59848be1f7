package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.routing.RouteResolver;
import dev.ferrum.proxy.upstream.Backend;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * First in the chain: decides where a request goes. Normalises the path, matches the route
 * (400 for a path that would escape it, 404 for none), rewrites the forwarded URI (normalised
 * path, optional prefix strip, query untouched) and picks the first attempt's backend among the
 * routable ones (503 when there is none).
 *
 * <p>Being outermost, it also sees every response last, so it is where a connection that must
 * not be reused is closed once the response is out.
 */
final class RoutingInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  RoutingInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    HttpServerRequest req = ctx.request().proxiedRequest();
    RequestState s = new RequestState(services, services.snapshot(), req);
    s.attach(ctx);
    s.bodyless = RetryInterceptor.isBodyless(req);
    if (!s.bodyless) {
      // Hold the body until the upstream request is there to take it (unheld, early bytes are lost).
      req.pause();
    }
    String id = req.getHeader(HeaderHardeningInterceptor.X_REQUEST_ID);
    s.requestId = HeaderHardeningInterceptor.isSaneRequestId(id) ? id : services.nextRequestId();

    String uri = req.uri();
    boolean absoluteForm = false;
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      if (req.method() == HttpMethod.CONNECT || !isHttpAbsoluteForm(uri)) {
        return ErrorResponder.respond(ctx, s, FailureKind.BAD_REQUEST, "request target form not supported\n");
      }
      if (!sameHost(uri, req.getHeader("host"))) {
        return ErrorResponder.respond(ctx, s, FailureKind.BAD_REQUEST,
            "absolute-form request target names another host than the Host header\n");
      }
      absoluteForm = true;
    }

    String rawPath = req.path();
    RouteResolver.Resolution<ActiveRoute> r = s.snapshot.resolver.resolve(rawPath);
    switch (r.kind()) {
      case BAD_PATH:
        return ErrorResponder.respond(ctx, s, FailureKind.BAD_REQUEST_PATH, "invalid request path\n");
      case NO_ROUTE:
        return ErrorResponder.respond(ctx, s, FailureKind.NO_ROUTE, "no route matched request path\n");
      default:
        break;
    }
    ActiveRoute route = r.route();
    s.route = route;
    route.retryBudget.onRequest();

    String path = r.path();
    if (route.config.stripPrefix()) {
      path = strip(path, route.prefix);
    }
    s.forwardPath = path;
    if (path != rawPath || absoluteForm) {
      String query = req.query();
      ctx.request().setURI(query == null ? path : path + "?" + query);
    }

    Backend b = s.chooseBackend();
    if (b == null) {
      return ErrorResponder.respond(ctx, s, FailureKind.NO_HEALTHY_BACKEND, "no healthy backends available\n");
    }
    s.firstBackend = b;
    return ctx.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    RequestState s = RequestState.of(ctx);
    // Every answer carries the id, our own error responses included.
    ctx.response().headers().set(HeaderHardeningInterceptor.X_REQUEST_ID, s.requestId);
    if (s.closeConnection) {
      ctx.response().headers().set(HopByHop.CONNECTION, "close");
    }
    // Outermost, so sending is ours: ResponseWriter replaces the library's ProxyResponse.send().
    Future<Void> sent = ResponseWriter.write(ctx.response(), s);
    if (s.closeConnection) {
      return sent.andThen(ar -> ConnectionCloser.closeAfterResponse(s.request));
    }
    return sent;
  }

  static String strip(String path, String prefix) {
    String rest = prefix.equals("/") ? path : path.substring(prefix.length());
    if (rest.isEmpty()) {
      return "/";
    }
    return rest.charAt(0) == '/' ? rest : "/" + rest;
  }

  private static boolean isHttpAbsoluteForm(String uri) {
    return uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Whether the authority of an absolute-form target equals the Host header (RFC 9112 §3.2.2). */
  private static boolean sameHost(String uri, String host) {
    int start = uri.indexOf("://") + 3;
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
      end++;
    }
    String authority = uri.substring(start, end);
    return host != null && authority.equalsIgnoreCase(host.trim());
  }
}
