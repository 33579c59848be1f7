package dev.ferrum.proxy.tls;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The cleartext listener of {@code server.redirect_http_port}: every request gets
 * {@code 308 Permanent Redirect} to the same host, path and query over HTTPS (the method and body
 * are kept by the client, unlike with 301); {@code /health} answers 200, so a load balancer can
 * check this listener too.
 */
public final class HttpsRedirect implements Handler<HttpServerRequest> {

  private final int httpsPort;
  private final String fallbackHost;

  /**
   * @param httpsPort the HTTPS listener's port, left out of the location when 443
   * @param fallbackHost the host to name when the request has no Host header (HTTP/1.0)
   */
  public HttpsRedirect(int httpsPort, String fallbackHost) {
    this.httpsPort = httpsPort;
    this.fallbackHost = fallbackHost;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if ("/health".equals(req.path())) {
      req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("ok\n");
      return;
    }
    req.response().setStatusCode(308)
        .putHeader(HttpHeaders.LOCATION, location(req.getHeader(HttpHeaders.HOST), req.uri()))
        .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
        .end();
  }

  /** {@code https://<host>[:port]<path?query>}: the client's host without its port. */
  String location(String hostHeader, String uri) {
    String host = hostWithoutPort(hostHeader == null || hostHeader.isBlank() ? fallbackHost : hostHeader.trim());
    String target = uri.startsWith("/") ? uri : "/";
    return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
  }

  private static String hostWithoutPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 ? host.substring(0, close + 1) : host;
    }
    int colon = host.indexOf(':');
    if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
      return host.substring(0, colon);
    }
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }
}
