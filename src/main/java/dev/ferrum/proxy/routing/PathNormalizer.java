package dev.ferrum.proxy.routing;

/**
 * Brings a request path into the one form that routing and the backend both see (RFC 3986 §6):
 * percent-encoded unreserved characters decoded, other escapes upper-cased, {@code .} and
 * {@code ..} segments (in any encoding) resolved, empty segments ({@code //}) merged.
 *
 * <p>Paths that no honest client sends and that backends parse differently are refused instead
 * of normalised: a {@code ..} that climbs above the root, a backslash (raw or {@code %5C}),
 * control characters or NUL (raw or encoded), and broken escapes.
 *
 * <p>The common case, a path with nothing to normalise, is detected in one scan and returned as
 * the same instance without allocating.
 */
public final class PathNormalizer {

  private PathNormalizer() {
  }

  /** The normalised path; the argument itself when already normal; null when it must be refused (400). */
  public static String normalize(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    if (isNormal(path)) {
      return path;
    }
    return slowNormalize(path);
  }

  private static boolean isNormal(String path) {
    char prev = 0;
    for (int i = 0, n = path.length(); i < n; i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '%' || c == '\\') {
        return false;
      }
      if (prev == '/' && (c == '/' || c == '.')) {
        return false;
      }
      prev = c;
    }
    return true;
  }

  /**
   * The path with escapes decoded and empty segments merged but dot segments left in place: the
   * route a reader of the raw request line would expect. Null when it must be refused.
   */
  public static String lexical(String path) {
    String d = decode(path);
    if (d == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '/') {
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String slowNormalize(String path) {
    String d = decode(path);
    if (d == null) {
      return null;
    }
    return resolveDots(d);
  }

  /** Decodes unreserved escapes and upper-cases the others; null for anything refused. */
  private static String decode(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    StringBuilder decoded = new StringBuilder(path.length());
    for (int i = 0, n = path.length(); i < n; i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '\\') {
        return null;
      }
      if (c != '%') {
        decoded.append(c);
        continue;
      }
      if (i + 2 >= n) {
        return null;
      }
      int hi = hex(path.charAt(i + 1));
      int lo = hex(path.charAt(i + 2));
      if (hi < 0 || lo < 0) {
        return null;
      }
      int v = hi * 16 + lo;
      if (v < 0x20 || v == 0x7f || v == '\\') {
        return null;
      }
      if (isUnreserved(v)) {
        decoded.append((char) v);
      } else {
        decoded.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return decoded.toString();
  }

  private static String resolveDots(String d) {
    String[] segments = new String[d.length()];
    int depth = 0;
    int start = 1;
    boolean trailingSlash = false;
    while (start <= d.length()) {
      int end = d.indexOf('/', start);
      if (end < 0) {
        end = d.length();
      }
      String seg = d.substring(start, end);
      boolean last = end == d.length();
      if (seg.isEmpty()) {
        trailingSlash = last;
      } else if (seg.equals(".")) {
        trailingSlash = last;
      } else if (seg.equals("..")) {
        if (depth == 0) {
          return null;
        }
        depth--;
        trailingSlash = last;
      } else {
        segments[depth++] = seg;
        trailingSlash = false;
      }
      start = end + 1;
    }
    StringBuilder out = new StringBuilder(d.length());
    for (int i = 0; i < depth; i++) {
      out.append('/').append(segments[i]);
    }
    if (depth == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
