package dev.ferrum.proxy.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Longest-prefix routing on path-segment boundaries. A prefix {@code /api} matches {@code /api}
 * and {@code /api/...} but not {@code /apix}; a prefix ending in {@code /} matches the paths under
 * it; {@code /} matches everything. Built once per configuration; {@link #match} allocates nothing.
 *
 * @param <R> what a prefix leads to
 */
public final class RouteTable<R> {

  private final String[] prefixes;
  private final Object[] targets;

  private RouteTable(String[] prefixes, Object[] targets) {
    this.prefixes = prefixes;
    this.targets = targets;
  }

  public static <R> RouteTable<R> of(List<R> routes, Function<R, String> prefixOf) {
    List<R> sorted = new ArrayList<>(routes);
    // Longest first, so the first hit is the longest match.
    sorted.sort(Comparator.comparingInt((R r) -> prefixOf.apply(r).length()).reversed());
    String[] p = new String[sorted.size()];
    Object[] t = new Object[sorted.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = prefixOf.apply(sorted.get(i));
      t[i] = sorted.get(i);
    }
    return new RouteTable<>(p, t);
  }

  /** The route whose prefix is the longest segment-boundary match of {@code path}, or null. */
  @SuppressWarnings("unchecked")
  public R match(String path) {
    for (int i = 0; i < prefixes.length; i++) {
      if (matches(prefixes[i], path)) {
        return (R) targets[i];
      }
    }
    return null;
  }

  static boolean matches(String prefix, String path) {
    int pl = prefix.length();
    if (!path.startsWith(prefix)) {
      return false;
    }
    return path.length() == pl || prefix.charAt(pl - 1) == '/' || path.charAt(pl) == '/';
  }

  public int size() {
    return prefixes.length;
  }
}
