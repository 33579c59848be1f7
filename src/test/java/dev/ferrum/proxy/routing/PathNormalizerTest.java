package dev.ferrum.proxy.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PathNormalizerTest {

  @Test
  void returnsANormalPathAsTheSameInstance() {
    String p = "/api/users/42";
    assertSame(p, PathNormalizer.normalize(p));
    String q = "/api/v1.2/file.txt";
    assertSame(q, PathNormalizer.normalize(q));
  }

  @Test
  void resolvesDotSegmentsInAnyEncoding() {
    assertEquals("/admin", PathNormalizer.normalize("/api/../admin"));
    assertEquals("/admin", PathNormalizer.normalize("/api/%2e%2e/admin"));
    assertEquals("/admin", PathNormalizer.normalize("/api/%2E./admin"));
    assertEquals("/api/x", PathNormalizer.normalize("/api/./x"));
    assertEquals("/api/", PathNormalizer.normalize("/api/x/.."));
  }

  @Test
  void mergesEmptySegments() {
    assertEquals("/api/x", PathNormalizer.normalize("//api//x"));
    assertEquals("/api/x/", PathNormalizer.normalize("/api/x//"));
  }

  @Test
  void decodesUnreservedAndUppercasesOtherEscapes() {
    assertEquals("/api/x", PathNormalizer.normalize("/%61pi/x"));
    assertEquals("/a%2Fb", PathNormalizer.normalize("/a%2fb"));
    assertEquals("/a%20b", PathNormalizer.normalize("/a%20b"));
  }

  @Test
  void refusesWhatBackendsCouldReadDifferently() {
    assertNull(PathNormalizer.normalize("/../etc/passwd"));
    assertNull(PathNormalizer.normalize("/api/%2e%2e/%2e%2e/x"));
    assertNull(PathNormalizer.normalize("/api\\..\\admin"));
    assertNull(PathNormalizer.normalize("/api/%5c"));
    assertNull(PathNormalizer.normalize("/api/%00"));
    assertNull(PathNormalizer.normalize("/api/%0d%0a"));
    assertNull(PathNormalizer.normalize("/api/%zz"));
    assertNull(PathNormalizer.normalize("/api/%4"));
    assertNull(PathNormalizer.normalize("api"));
    assertNull(PathNormalizer.normalize(""));
  }
}
