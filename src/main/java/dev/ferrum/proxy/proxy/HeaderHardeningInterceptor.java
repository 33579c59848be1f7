package dev.ferrum.proxy.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Makes the forwarded headers trustworthy in both directions.
 *
 * <p>Request: hop-by-hop headers and every header a {@code Connection} header names are removed;
 * {@code X-Forwarded-For} gets the client address appended; {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} are set (kept from the client only with
 * {@code server.trust_forwarded_headers}); {@code Forwarded} and {@code Via} get our element
 * appended; {@code X-Request-Id} is kept when sane, otherwise generated. {@code Host} is the
 * backend's authority unless the route says {@code preserve_host}.
 *
 * <p>Response: the same hop-by-hop stripping, {@code Via} appended, and the request id set.
 */
final class HeaderHardeningInterceptor implements ProxyInterceptor {

  static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
  private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
  private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");
  private static final CharSequence FORWARDED = HttpHeaders.createOptimized("forwarded");
  private static final CharSequence VIA = HttpHeaders.createOptimized("via");
  private static final CharSequence EXPECT = HttpHeaders.createOptimized("expect");
  private static final String VIA_REQUEST_10 = "1.0 ferrum-proxy";
  private static final String VIA_REQUEST_11 = "1.1 ferrum-proxy";
  private static final int MAX_REQUEST_ID_LENGTH = 200;

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    Exchange ex = ExchangeContext.of(ctx).exchange();
    ProxyRequest pr = ctx.request();
    HttpServerRequest req = pr.proxiedRequest();
    MultiMap h = pr.headers();

    HopByHop.strip(h);
    // 100-continue is negotiated with the client by us (see LimitsInterceptor), not passed on.
    h.remove(EXPECT);

    SocketAddress remote = req.remoteAddress();
    String clientIp = remote == null ? null : remote.hostAddress();
    if (clientIp != null) {
      String xff = h.get(X_FORWARDED_FOR);
      h.set(X_FORWARDED_FOR, xff == null ? clientIp : xff + ", " + clientIp);
    }
    boolean trust = ex.snapshot().config.server().trustForwardedHeaders();
    if (!trust || !h.contains(X_FORWARDED_PROTO)) {
      h.set(X_FORWARDED_PROTO, ex.snapshot().scheme);
    }
    String host = req.getHeader(HttpHeaders.HOST);
    if (host != null && (!trust || !h.contains(X_FORWARDED_HOST))) {
      h.set(X_FORWARDED_HOST, host);
    }
    if (clientIp != null) {
      String proto = ex.snapshot().scheme;
      String element = clientIp.indexOf(':') >= 0 ? "for=\"[" + clientIp + "]\";proto=" + proto
          : "for=" + clientIp + ";proto=" + proto;
      String fwd = h.get(FORWARDED);
      h.set(FORWARDED, fwd == null ? element : fwd + ", " + element);
    }
    appendVia(h, req.version() == io.vertx.core.http.HttpVersion.HTTP_1_0 ? VIA_REQUEST_10 : VIA_REQUEST_11);
    h.set(X_REQUEST_ID, ex.id());
    CharSequence certHeader = ex.snapshot().clientCertHeader;
    if (certHeader != null) {
      // Only ours reaches the backend: a client-sent one is never passed on.
      h.remove(certHeader);
      String subject = ExchangeContext.of(ctx).clientSubject;
      if (subject != null) {
        h.set(certHeader, subject);
      }
    }

    if (ex.route().config.preserveHost() && req.authority() != null) {
      pr.setAuthority(req.authority());
    }
    return ctx.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext ctx) {
    MultiMap h = ctx.response().headers();
    HopByHop.strip(h);
    if (ctx.response().proxiedResponse() != null) {
      appendVia(h, VIA_REQUEST_11);
    }
    return ctx.sendResponse();
  }

  private static void appendVia(MultiMap h, String element) {
    String via = h.get(VIA);
    h.set(VIA, via == null ? element : via + ", " + element);
  }

  /** Visible ASCII only, bounded: such an id can go into logs and headers as it is. */
  static boolean isSaneRequestId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
