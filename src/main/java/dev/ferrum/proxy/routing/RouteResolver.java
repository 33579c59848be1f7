package dev.ferrum.proxy.routing;

/**
 * Decides which route a request path belongs to and which path is forwarded, so that what is
 * forwarded is exactly what was matched: the normalised path. A request whose raw path points
 * into one route but normalises into another (for example {@code /api/../admin}) is refused
 * rather than sent to either.
 *
 * @param <R> the route type
 */
public final class RouteResolver<R> {

  /** Outcome kinds; {@link #ROUTED} carries a route and the path to forward. */
  public enum Kind { ROUTED, NO_ROUTE, BAD_PATH }

  /** One resolution; immutable. */
  public record Resolution<R>(Kind kind, R route, String path) {
  }

  private final RouteTable<R> table;
  private final Resolution<R> noRoute = new Resolution<>(Kind.NO_ROUTE, null, null);
  private final Resolution<R> badPath = new Resolution<>(Kind.BAD_PATH, null, null);

  public RouteResolver(RouteTable<R> table) {
    this.table = table;
  }

  public RouteTable<R> table() {
    return table;
  }

  public Resolution<R> resolve(String rawPath) {
    String path = PathNormalizer.normalize(rawPath);
    if (path == null) {
      return badPath;
    }
    R route = table.match(path);
    if (path != rawPath) {
      // Normalisation changed the path: its dot segments must not have moved the request to
      // another route than the one its text names.
      String lexical = PathNormalizer.lexical(rawPath);
      if (lexical == null || table.match(lexical) != route) {
        return badPath;
      }
    }
    if (route == null) {
      return noRoute;
    }
    return new Resolution<>(Kind.ROUTED, route, path);
  }
}
