package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded retries of safe requests, decided by one rule set, over real sockets. */
class RetryTest {

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private ProxyHarness start(String balancing, String retry, String... urls) {
    return ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
        routes:
          - path_prefix: /api
            balancing: %s
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
          failure_threshold: 100000
        upstream:
          response_timeout_ms: 600
        retry:
        %s
        """.formatted(balancing, String.join(", ", urls), retry));
  }

  @Test
  void aGetIsRetriedOnTheHealthyBackendAfterARefusedConnection() {
    TestBackend dead = TestBackend.start(backends, "dead");
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("round_robin", "  max_attempts: 2", dead.url(), good.url());
    dead.down();
    for (int i = 0; i < 10; i++) {
      Resp r = proxy.get("/api/x" + i);
      assertEquals(200, r.status(), r.toString());
      assertEquals("good", r.header("x-backend"));
    }
    assertTrue(proxy.metrics().contains("ferrum_proxy_retries_total{reason=\"upstream_connection_refused\",route=\"/api\"}"),
        proxy.metrics());
  }

  @Test
  void aGetIsRetriedAfterA503AndCountedOnce() {
    TestBackend bad = TestBackend.start(backends, "bad").respondWith(503);
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 2\n  backoff_ms: 5", bad.url(), good.url());
    Resp r = proxy.get("/api/x");
    assertEquals(200, r.status());
    assertEquals("good", r.header("x-backend"));
    assertEquals(1, bad.hits());
    assertEquals(1, good.hits());
    String m = proxy.metrics();
    assertTrue(m.contains("ferrum_proxy_requests_total{route=\"/api\",status=\"200\"} 1.0"), m);
    assertTrue(m.contains("ferrum_proxy_retries_total{reason=\"status_503\",route=\"/api\"} 1.0"), m);
    assertTrue(m.contains("ferrum_proxy_upstream_duration_seconds_count{backend=\"" + bad.url() + "\",route=\"/api\"} 1"), m);
    assertTrue(m.contains("ferrum_proxy_upstream_duration_seconds_count{backend=\"" + good.url() + "\",route=\"/api\"} 1"), m);
  }

  @Test
  void aRetryWhoseBackoffWouldPassTheDeadlineIsNeitherMadeNorCounted() {
    TestBackend bad = TestBackend.start(backends, "bad").respondWith(503);
    TestBackend good = TestBackend.start(backends, "good");
    // Backoff 1.5-4.5 s against a 500 ms budget: the retry can never happen.
    proxy = start("first_healthy", "  max_attempts: 3\n  backoff_ms: 3000\n  total_timeout_ms: 500", bad.url(),
        good.url());
    Resp r = proxy.get("/api/x");
    assertEquals(503, r.status(), "the last real response");
    assertEquals(1, bad.hits());
    assertEquals(0, good.hits());
    String m = proxy.metrics();
    assertTrue(m.lines().noneMatch(l -> l.startsWith("ferrum_proxy_retries_total{") && !l.endsWith(" 0.0")), m);
  }

  @Test
  void whenAttemptsRunOutTheClientGetsTheLastRealResponse() {
    TestBackend one = TestBackend.start(backends, "one").respondWith(503);
    TestBackend two = TestBackend.start(backends, "two").respondWith(502);
    proxy = start("first_healthy", "  max_attempts: 2\n  backoff_ms: 0", one.url(), two.url());
    Resp r = proxy.get("/api/x");
    assertEquals(502, r.status());
    assertEquals("name=two status=502\n", r.body());
  }

  @Test
  void theOnlyBackendMayBeRetriedItself() {
    TestBackend flaky = TestBackend.start(backends, "flaky");
    int[] n = {0};
    flaky.handler(req -> req.response().setStatusCode(n[0]++ == 0 ? 503 : 200).end("attempt " + n[0]));
    proxy = start("round_robin", "  max_attempts: 3\n  backoff_ms: 1", flaky.url());
    Resp r = proxy.get("/api/x");
    assertEquals(200, r.status());
    assertEquals("attempt 2", r.body());
  }

  @Test
  void aPostIsNotRetriedOnceTheBackendSawIt() {
    TestBackend bad = TestBackend.start(backends, "bad").respondWith(503);
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 3", bad.url(), good.url());
    Resp r = proxy.request(HttpMethod.POST, "/api/orders", Map.of(), Buffer.buffer("{\"n\":1}"));
    assertEquals(503, r.status());
    assertEquals(1, bad.hits());
    assertEquals(0, good.hits());
  }

  @Test
  void aPostIsRetriedOnConnectRefusalWithItsWholeBody() {
    TestBackend dead = TestBackend.start(backends, "dead");
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 2", dead.url(), good.url());
    dead.down();
    byte[] body = new byte[64 * 1024];
    new Random(7).nextBytes(body);
    Resp r = proxy.request(HttpMethod.POST, "/api/upload", Map.of(), Buffer.buffer(body));
    assertEquals(200, r.status());
    assertArrayEquals(body, good.received().get(0).body());
  }

  @Test
  void a64KiBIdempotentBodyIsReplayedByteForByte() {
    TestBackend bad = TestBackend.start(backends, "bad").respondWith(503);
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 2\n  retry_idempotent_methods: true", bad.url(), good.url());
    byte[] body = new byte[64 * 1024];
    new Random(42).nextBytes(body);
    Resp r = proxy.request(HttpMethod.PUT, "/api/object", Map.of(), Buffer.buffer(body));
    assertEquals(200, r.status(), r.toString());
    assertEquals("good", r.header("x-backend"));
    assertArrayEquals(body, good.received().get(0).body());
    assertEquals("65536", good.received().get(0).header("content-length"));
  }

  @Test
  void a10MiBBodyStreamsAndIsNotRetried() {
    TestBackend bad = TestBackend.start(backends, "bad");
    int[] seen = {0};
    bad.handler(req -> req.body().onComplete(ar -> {
      seen[0] = ar.result().length();
      req.response().setStatusCode(503).end("bad");
    }));
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 2\n  retry_idempotent_methods: true", bad.url(), good.url());
    byte[] body = new byte[10 * 1024 * 1024];
    Arrays.fill(body, (byte) 'q');
    Resp r = proxy.request(HttpMethod.PUT, "/api/big", Map.of(), Buffer.buffer(body));
    assertEquals(503, r.status());
    assertEquals(10 * 1024 * 1024, seen[0]);
    assertEquals(0, good.hits());
    assertTrue(proxy.metrics().contains("ferrum_proxy_retry_body_not_buffered_total{route=\"/api\"} 1.0"),
        proxy.metrics());
  }

  @Test
  void aResponseTimeoutIsRetriedOnAnotherBackend() {
    TestBackend silent = TestBackend.start(backends, "silent").handler(req -> { });
    TestBackend good = TestBackend.start(backends, "good");
    proxy = start("first_healthy", "  max_attempts: 2", silent.url(), good.url());
    Resp r = proxy.get("/api/x");
    assertEquals(200, r.status());
    assertEquals("good", r.header("x-backend"));
  }

  @Test
  void theRetryBudgetCapsTheExtraLoad() {
    TestBackend bad = TestBackend.start(backends, "bad").respondWith(503);
    proxy = start("round_robin", "  max_attempts: 3\n  backoff_ms: 0\n  budget_percent: 20\n  min_retries_per_second: 0",
        bad.url());
    for (int i = 0; i < 100; i++) {
      assertEquals(503, proxy.get("/api/x").status());
    }
    // Without the budget: 300 attempts. With it: the 100 requests plus at most ~20% retries.
    assertTrue(bad.hits() >= 100 && bad.hits() <= 125, "attempts: " + bad.hits());
    assertTrue(proxy.metrics().contains("ferrum_proxy_retry_budget_exhausted_total{route=\"/api\"}"));
  }
}
