package dev.ferrum.proxy.config;

/**
 * What a configured path may look like. Route prefixes are matched against normalised request
 * paths, so a prefix that normalisation would change could never match; health endpoints go
 * verbatim into a request line, so they must not break it.
 */
final class PathRules {

  private PathRules() {
  }

  /** Why a route prefix cannot be matched against normalised paths, or null when it is fine. */
  static String prefixProblem(String prefix) {
    if (!prefix.startsWith("/")) {
      return "(expected: a path starting with '/')";
    }
    if (hasControlOrSpace(prefix) || prefix.indexOf('?') >= 0 || prefix.indexOf('#') >= 0
        || prefix.indexOf('\\') >= 0 || prefix.indexOf('%') >= 0) {
      return "(expected: a plain path without spaces, '?', '#', '%' or '\\')";
    }
    if (prefix.contains("//")) {
      return "(expected: no empty path segment '//')";
    }
    for (String seg : prefix.split("/")) {
      if (seg.equals(".") || seg.equals("..")) {
        return "(expected: no '.' or '..' segments)";
      }
    }
    return null;
  }

  /** Why a health check path cannot be sent, or null when it is fine. */
  static String endpointProblem(String endpoint) {
    if (!endpoint.startsWith("/")) {
      return "(expected: a path starting with '/')";
    }
    if (hasControlOrSpace(endpoint)) {
      return "(expected: a path without spaces or control characters)";
    }
    return null;
  }

  /** Reports an unusable endpoint under {@code key}. */
  static void checkEndpoint(ConfigNode n, String key, String endpoint) {
    String problem = endpointProblem(endpoint);
    if (problem != null) {
      n.error(key, ConfigValues.quote(endpoint) + " " + problem);
    }
  }

  /** The same check for a record, worded as the reader words it. */
  static String requireEndpoint(String key, String endpoint) {
    String problem = endpointProblem(endpoint);
    if (problem != null) {
      throw new IllegalArgumentException(key + ": " + ConfigValues.quote(endpoint) + " " + problem);
    }
    return endpoint;
  }

  private static boolean hasControlOrSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
