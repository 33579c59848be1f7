package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.routing.RouteResolver;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Decides where a request goes, and fixes its {@link Exchange}: normalises the path, matches the
 * route (400 for a target form we do not serve or a path that would escape its route, 404 for no
 * route), rewrites the forwarded URI (normalised path, optional prefix strip, query untouched),
 * keeps a sane client request id or makes one, and refuses with 503 a route none of whose
 * backends admits traffic now (which backend an attempt takes is the attempt loop's choice).
 */
final class RoutingInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  RoutingInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    ExchangeContext c = ExchangeContext.of(ctx);
    HttpServerRequest req = c.request;
    boolean bodyless = isBodyless(req);
    if (!bodyless) {
      // Hold the body until the upstream request is there to take it (unheld, early bytes are lost).
      req.pause();
    }
    String id = req.getHeader(HeaderHardeningInterceptor.X_REQUEST_ID);
    if (!HeaderHardeningInterceptor.isSaneRequestId(id)) {
      id = services.nextRequestId();
    }

    String uri = req.uri();
    boolean absoluteForm = false;
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      if (req.method() == HttpMethod.CONNECT || !isHttpAbsoluteForm(uri)) {
        return refuse(ctx, c, id, bodyless, ErrorRenderer.badRequest(ErrorRenderer.BadRequest.TARGET_FORM));
      }
      if (!sameHost(uri, req.getHeader(HttpHeaders.HOST))) {
        return refuse(ctx, c, id, bodyless, ErrorRenderer.badRequest(ErrorRenderer.BadRequest.TARGET_HOST));
      }
      absoluteForm = true;
    }

    String rawPath = req.path();
    RouteResolver.Resolution<ActiveRoute> r = c.snapshot.resolver.resolve(rawPath);
    switch (r.kind()) {
      case BAD_PATH:
        return refuse(ctx, c, id, bodyless, ErrorRenderer.of(FailureKind.BAD_REQUEST_PATH, null));
      case NO_ROUTE:
        return refuse(ctx, c, id, bodyless, ErrorRenderer.of(FailureKind.NO_ROUTE, null));
      default:
        break;
    }
    ActiveRoute route = r.route();
    c.begin(Exchange.routed(id, c, route, bodyless));

    String path = r.path();
    if (route.config.stripPrefix()) {
      path = strip(path, route.prefix);
    }
    if (path != rawPath || absoluteForm) {
      String query = req.query();
      ctx.request().setURI(query == null ? path : path + "?" + query);
    }
    if (!route.anyAdmits()) {
      return ErrorRenderer.respond(ctx, c, ErrorRenderer.of(FailureKind.NO_HEALTHY_BACKEND, route.config));
    }
    return ctx.sendRequest();
  }

  private static Future<ProxyResponse> refuse(ProxyContext ctx, ExchangeContext c, String id, boolean bodyless,
      ErrorAnswer a) {
    c.begin(Exchange.unrouted(id, c, bodyless));
    return ErrorRenderer.respond(ctx, c, a);
  }

  /** No Content-Length (or 0) and no Transfer-Encoding: nothing follows the head. */
  static boolean isBodyless(HttpServerRequest req) {
    if (req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      return false;
    }
    String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return cl == null || cl.equals("0");
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
