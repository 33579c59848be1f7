package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.Configs;
import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Received;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Black-box: the real proxy verticles in front of real backends, over real sockets. */
class ForwardingTest {

  static Vertx backends;
  ProxyHarness proxy;

  @BeforeAll
  static void startVertx() {
    backends = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    backends.close();
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void roundRobinSpreadsRequestsEvenly() {
    try (TestBackend a = TestBackend.start(backends, "a"); TestBackend b = TestBackend.start(backends, "b")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url(), b.url()));
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < 10; i++) {
        Resp r = proxy.get("/api/users");
        assertEquals(200, r.status(), r.toString());
        seen.merge(r.header("x-backend"), 1, Integer::sum);
      }
      assertEquals(Map.of("a", 5, "b", 5), seen);
    }
  }

  @Test
  void firstHealthyPinsThePrimary() {
    try (TestBackend a = TestBackend.start(backends, "a"); TestBackend b = TestBackend.start(backends, "b")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url(), b.url()).replace("    backends:",
          "    balancing: first_healthy\n    backends:"));
      for (int i = 0; i < 4; i++) {
        assertEquals("a", proxy.get("/api/x").header("x-backend"));
      }
      assertEquals(0, b.hits());
    }
  }

  @Test
  void answers503WhenNoBackendIsHealthy() {
    try (Ports.ClosedPort dead = Ports.closed()) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, dead.url()));
      Resp r = proxy.get("/api/x");
      assertEquals(503, r.status());
      assertEquals("no healthy backends available\n", r.body());
      assertEquals("HTTP/1.1 503 Service Unavailable", rawStatusLine("/api/x"));
    }
  }

  @Test
  void answers502WithATextBodyWhenTheBackendRefuses() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      a.down();
      Resp r = proxy.get("/api/x");
      assertEquals(502, r.status());
      assertEquals("HTTP/1.1 502 Bad Gateway", rawStatusLine("/api/x"));
      assertEquals("bad gateway: upstream connection refused\n", r.body());
      assertNotNull(r.header("x-request-id"));
    }
  }

  private String rawStatusLine(String path) {
    try (dev.ferrum.proxy.support.RawClient c = new dev.ferrum.proxy.support.RawClient(proxy.port)) {
      return c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read().statusLine();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void answers404ForNoRouteAnd400ForTraversal() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.server() + """
          routes:
            - path_prefix: /api
              backends: [%s]
            - path_prefix: /admin
              backends: [%s]
          """.formatted(a.url(), a.url()) + Configs.health(60));
      Resp none = proxy.get("/nothing/here");
      assertEquals(404, none.status());
      assertEquals("no route matched request path\n", none.body());
      assertEquals(400, proxy.get("/api/../admin/secret").status());
      assertEquals(400, proxy.get("/api/%2e%2e/admin/secret").status());
      assertEquals(0, a.hits());
      assertEquals(404, proxy.get("/apix").status());
    }
  }

  @Test
  void forwardsTheMatchedPathAndQueryUntouched() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.server() + """
          routes:
            - path_prefix: /api
              backends: [%s]
            - path_prefix: /strip
              strip_prefix: true
              backends: [%s]
          """.formatted(a.url(), a.url()) + Configs.health(60));
      proxy.get("/api/users?page=2&q=a%20b&x=%2F");
      assertEquals("/api/users?page=2&q=a%20b&x=%2F", a.received().get(0).uri());
      proxy.get("/api//v1/./items");
      assertEquals("/api/v1/items", a.received().get(1).uri());
      proxy.get("/strip/inner?k=v");
      assertEquals("/inner?k=v", a.received().get(2).uri());
      proxy.get("/strip");
      assertEquals("/", a.received().get(3).uri());
    }
  }

  @Test
  void hardensRequestHeaders() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      Map<String, String> h = new HashMap<>();
      h.put("Connection", "keep-alive, X-Secret-Hop");
      h.put("X-Secret-Hop", "must not pass");
      h.put("Keep-Alive", "timeout=5");
      h.put("TE", "trailers");
      h.put("Proxy-Authorization", "Basic abc");
      h.put("X-Forwarded-For", "203.0.113.7");
      h.put("X-Forwarded-Proto", "https");
      h.put("X-End-To-End", "kept");
      h.put("Host", "public.example:8443");
      Resp r = proxy.request(HttpMethod.GET, "/api/h", h, null);
      assertEquals(200, r.status());
      Received got = a.received().get(0);
      assertNull(got.header("x-secret-hop"));
      assertNull(got.header("keep-alive"));
      assertNull(got.header("te"));
      assertNull(got.header("proxy-authorization"));
      assertFalse(String.valueOf(got.header("connection")).contains("X-Secret-Hop"));
      assertEquals("kept", got.header("x-end-to-end"));
      assertEquals("203.0.113.7, 127.0.0.1", got.header("x-forwarded-for"));
      assertEquals("http", got.header("x-forwarded-proto"));
      assertEquals("public.example:8443", got.header("x-forwarded-host"));
      assertEquals("127.0.0.1:" + a.port(), got.header("host"));
      assertTrue(got.header("via").endsWith("1.1 ferrum-proxy"), got.header("via"));
      assertEquals("for=127.0.0.1;proto=http", got.header("forwarded"));
      String id = got.header("x-request-id");
      assertNotNull(id);
      assertEquals(id, r.header("x-request-id"));
    }
  }

  @Test
  void keepsASaneRequestIdAndReplacesABadOne() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      Resp kept = proxy.request(HttpMethod.GET, "/api/1", Map.of("X-Request-Id", "abc-123"), null);
      assertEquals("abc-123", kept.header("x-request-id"));
      assertEquals("abc-123", a.received().get(0).header("x-request-id"));
      Resp replaced = proxy.request(HttpMethod.GET, "/api/2", Map.of("X-Request-Id", "has space"), null);
      assertFalse(replaced.header("x-request-id").contains(" "));
      assertEquals(replaced.header("x-request-id"), a.received().get(1).header("x-request-id"));
    }
  }

  @Test
  void preserveHostSendsTheClientsHost() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()).replace("    backends:", "    preserve_host: true\n    backends:"));
      proxy.request(HttpMethod.GET, "/api/x", Map.of("Host", "app.example"), null);
      assertEquals("app.example", a.received().get(0).header("host"));
    }
  }

  @Test
  void hardensResponseHeaders() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      a.handler(req -> req.response()
          .putHeader("Connection", "X-Internal")
          .putHeader("X-Internal", "leak")
          .putHeader("Keep-Alive", "timeout=99")
          .putHeader("Proxy-Authenticate", "Basic")
          .putHeader("X-Request-Id", "backend-made-this-up")
          .putHeader("X-Fine", "yes")
          .end("ok"));
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      Resp r = proxy.request(HttpMethod.GET, "/api/x", Map.of("X-Request-Id", "client-id"), null);
      assertEquals(200, r.status());
      assertNull(r.header("x-internal"));
      assertNull(r.header("keep-alive"));
      assertNull(r.header("proxy-authenticate"));
      assertEquals("yes", r.header("x-fine"));
      assertEquals("client-id", r.header("x-request-id"));
      assertTrue(r.header("via").contains("ferrum-proxy"));
    }
  }

  @Test
  void streamsARequestBodyBothWays() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      byte[] body = new byte[300_000];
      new java.util.Random(1).nextBytes(body);
      Resp r = proxy.request(HttpMethod.POST, "/api/upload", Map.of(), io.vertx.core.buffer.Buffer.buffer(body));
      assertEquals(200, r.status());
      assertTrue(java.util.Arrays.equals(body, a.received().get(0).body()));
    }
  }

  @Test
  void internalEndpointsAnswerBeforeRouting() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.server() + "routes:\n  - path_prefix: /\n    backends: [" + a.url() + "]\n"
          + Configs.health(60));
      assertEquals("ok\n", proxy.get("/health").body());
      assertTrue(proxy.get("/").body().startsWith("ferrum-proxy is running with 1 configured route(s)"));
      assertEquals(200, proxy.get("/health/backends").status());
      assertTrue(proxy.get("/metrics").body().contains("ferrum_proxy_requests_total"));
      assertEquals(0, a.hits());
      // Other methods on those paths go to the backend like any path.
      assertEquals(200, proxy.request(HttpMethod.POST, "/metrics", Map.of(), null).status());
      assertEquals(1, a.hits());
    }
  }

  @Test
  void debugEndpointsNeedTheBearerTokenWhenSet() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()) + "debug:\n  auth_token: s3cret\n");
      for (String path : List.of("/metrics", "/health/backends")) {
        Resp denied = proxy.get(path);
        assertEquals(401, denied.status(), path);
        assertEquals("Bearer", denied.header("www-authenticate"));
        assertEquals(401, proxy.request(HttpMethod.GET, path, Map.of("Authorization", "Bearer wrong"), null).status());
        assertEquals(401, proxy.request(HttpMethod.GET, path, Map.of("Authorization", "bearer s3cret"), null).status());
        assertEquals(200, proxy.request(HttpMethod.GET, path, Map.of("Authorization", "Bearer s3cret"), null).status());
      }
      assertEquals(200, proxy.get("/health").status());
    }
  }

  @Test
  void hiddenDebugEndpointsRouteLikeAnyPath() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url())
          + "debug:\n  expose_backend_health: false\n  expose_metrics: false\n");
      assertEquals(404, proxy.get("/metrics").status());
      assertEquals(404, proxy.get("/health/backends").status());
    }
  }

  @Test
  void countsRequestsByRouteAndStatus() {
    try (TestBackend a = TestBackend.start(backends, "a")) {
      proxy = ProxyHarness.start(Configs.oneRoute(60, a.url()));
      for (int i = 0; i < 3; i++) {
        proxy.get("/api/x");
      }
      proxy.get("/none");
      ProxyHarness.eventually(java.time.Duration.ofSeconds(5), "metrics recorded",
          () -> proxy.metrics().contains("ferrum_proxy_requests_total{route=\"/api\",status=\"200\"} 3.0"));
      String m = proxy.metrics();
      assertTrue(m.contains("ferrum_proxy_requests_total{route=\"unrouted\",status=\"404\"} 1.0"), m);
    }
  }
}
