package dev.ferrum.proxy.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteResolverTest {

  private final RouteResolver<String> resolver =
      new RouteResolver<>(RouteTable.of(List.of("/api", "/admin", "/"), Function.identity()));

  @Test
  void routesAndForwardsTheNormalisedPath() {
    RouteResolver.Resolution<String> r = resolver.resolve("/api//users/./1");
    assertEquals(RouteResolver.Kind.ROUTED, r.kind());
    assertEquals("/api", r.route());
    assertEquals("/api/users/1", r.path());
  }

  @Test
  void refusesTraversalIntoAnotherRoute() {
    assertEquals(RouteResolver.Kind.BAD_PATH, resolver.resolve("/api/../admin").kind());
    assertEquals(RouteResolver.Kind.BAD_PATH, resolver.resolve("/api/%2e%2e/admin").kind());
    assertEquals(RouteResolver.Kind.BAD_PATH, resolver.resolve("/api/%2E%2E/admin/x").kind());
    assertEquals(RouteResolver.Kind.BAD_PATH, resolver.resolve("/x/../api/secret").kind());
  }

  @Test
  void allowsDotSegmentsThatStayInTheRoute() {
    RouteResolver.Resolution<String> r = resolver.resolve("/api/a/../b");
    assertEquals(RouteResolver.Kind.ROUTED, r.kind());
    assertEquals("/api/b", r.path());
  }

  @Test
  void reportsNoRoute() {
    RouteResolver<String> onlyApi = new RouteResolver<>(RouteTable.of(List.of("/api"), Function.identity()));
    assertEquals(RouteResolver.Kind.NO_ROUTE, onlyApi.resolve("/other").kind());
    assertEquals(RouteResolver.Kind.BAD_PATH, onlyApi.resolve("/../x").kind());
  }
}
