package dev.ferrum.proxy.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A backend named by an {@code http://host[:port][/]} URL, normalised so that spellings of the
 * same origin ({@code http://H:80}, {@code http://h}, {@code http://h/}) are one backend whose
 * {@link #key()} is {@code http://h:80}. The key identifies the backend everywhere: health
 * state, metrics labels, {@code /health/backends}.
 */
public record BackendAddress(String host, int port, String key) {

  /** Host as it goes into a Host header or a URL authority (IPv6 in brackets). */
  public String authority() {
    return bracketed() + ":" + port;
  }

  private String bracketed() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return key;
  }

  /**
   * Parses and normalises a backend URL.
   *
   * @throws IllegalArgumentException with a message fit for the operator
   */
  public static BackendAddress parse(String url) {
    String trimmed = url.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("backend URL is empty");
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      if (String.valueOf(e.getReason()).contains("authority")) {
        throw new IllegalArgumentException("backend URL must include a host (expected: http://host:port)");
      }
      throw new IllegalArgumentException("invalid backend URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("backend URL has no scheme (expected: http://host:port)");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      throw new IllegalArgumentException("uses https, but ferrum-proxy does not originate TLS yet;"
          + " place the backend behind a trusted TLS-terminating proxy or use a plain http:// backend");
    }
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException("uses unsupported scheme '" + scheme + "' (expected: http)");
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("backend URL must include a host (expected: http://host:port)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("backend URL must not carry user info");
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException("backend URL path '" + path + "' is not supported: the request path is"
          + " forwarded as received (use the route's strip_prefix to change it)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("backend URL must not have a query or fragment");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("backend port " + port + " out of range (expected: 1-65535)");
    }
    String shown = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return new BackendAddress(host, port, "http://" + shown + ":" + port);
  }
}
