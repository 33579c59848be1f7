package dev.ferrum.proxy.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RouteTableTest {

  private static RouteTable<String> table(String... prefixes) {
    return RouteTable.of(List.of(prefixes), Function.identity());
  }

  @Test
  void matchesOnSegmentBoundariesOnly() {
    RouteTable<String> t = table("/api");
    assertEquals("/api", t.match("/api"));
    assertEquals("/api", t.match("/api/"));
    assertEquals("/api", t.match("/api/users"));
    assertNull(t.match("/apix"));
    assertNull(t.match("/api-other/resource"));
    assertNull(t.match("/static/logo.png"));
  }

  @Test
  void prefersTheLongestPrefix() {
    RouteTable<String> t = table("/api", "/api/admin/reports", "/api/admin");
    assertEquals("/api/admin", t.match("/api/admin/users"));
    assertEquals("/api/admin/reports", t.match("/api/admin/reports/daily"));
    assertEquals("/api", t.match("/api/adminx"));
  }

  @Test
  void rootIsACatchAll() {
    RouteTable<String> t = table("/", "/api");
    assertEquals("/", t.match("/"));
    assertEquals("/", t.match("/anything/at/all"));
    assertEquals("/api", t.match("/api/x"));
  }

  @Test
  void aTrailingSlashPrefixMatchesThePathsUnderIt() {
    RouteTable<String> t = table("/api/");
    assertEquals("/api/", t.match("/api/"));
    assertEquals("/api/", t.match("/api/users"));
    assertNull(t.match("/api"));
  }

  @Test
  void isCaseSensitive() {
    assertNull(table("/api").match("/API/x"));
  }
}
