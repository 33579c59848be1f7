package dev.ferrum.proxy.health;

import dev.ferrum.proxy.support.Configs;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.ferrum.proxy.support.ProxyHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Black-box: backends turned down, up, slow and 5xx; the proxy's view and its traffic follow. */
class HealthCheckingTest {

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private static String config(int intervalSec, int failureThreshold, long ejectionMs, String... urls) {
    return Configs.server() + "routes:\n  - path_prefix: /api\n    backends: [" + String.join(", ", urls) + "]\n"
        + "health_check:\n  interval_sec: " + intervalSec + "\n  endpoint: /health\n  check_timeout_ms: 1000\n"
        + "  failure_threshold: " + failureThreshold + "\n  recovery_threshold: 2\n"
        + "  ejection_duration_ms: " + ejectionMs + "\n";
  }

  @Test
  void aKilledBackendLeavesRotationWithinFailureThresholdFailures() {
    TestBackend a = TestBackend.start(backends, "a");
    TestBackend b = TestBackend.start(backends, "b");
    proxy = ProxyHarness.start(config(60, 3, 60_000, a.url(), b.url()));
    assertEquals(200, proxy.get("/api/warm").status());
    a.down();
    int failures = 0;
    for (int i = 0; i < 30; i++) {
      Resp r = proxy.get("/api/x" + i);
      if (r.status() != 200) {
        assertEquals(502, r.status());
        failures++;
      }
    }
    assertTrue(failures <= 3, "failed requests after the kill: " + failures);
    assertEquals("ejected", proxy.stateOf(a.url()));
    String m = proxy.metrics();
    assertTrue(m.contains("ferrum_proxy_backend_healthy{backend=\"" + a.url() + "\"} 0.0"), m);
    assertTrue(m.contains("ferrum_proxy_ejections_total{backend=\"" + a.url() + "\"} 1.0"), m);
    assertTrue(m.contains("ferrum_proxy_health_transitions_total{backend=\"" + a.url() + "\",to=\"ejected\"} 1.0"), m);
    assertTrue(m.contains("ferrum_proxy_backend_failures_total{backend=\"" + a.url() + "\",kind=\"connect_failure\"} 3.0"), m);
    b.down();
  }

  @Test
  void aBackendDownAtStartGetsNoTrafficAndReturnsAfterRecoveryThresholdChecks() {
    TestBackend a = TestBackend.start(backends, "a");
    TestBackend b = TestBackend.start(backends, "b");
    a.healthStatus(503);
    proxy = ProxyHarness.start(config(1, 3, 30_000, a.url(), b.url()));
    assertEquals("unhealthy", proxy.stateOf(a.url()));
    for (int i = 0; i < 10; i++) {
      assertEquals("b", proxy.get("/api/x").header("x-backend"));
    }
    assertEquals(0, a.hits());
    int checksBefore = a.healthChecks();
    a.healthStatus(200);
    eventually(Duration.ofSeconds(10), "a healthy again", () -> proxy.stateOf(a.url()).equals("healthy"));
    assertTrue(a.healthChecks() - checksBefore >= 2, "came back before two passing checks");
    eventually(Duration.ofSeconds(5), "a back in rotation", () -> "a".equals(proxy.get("/api/y").header("x-backend")));
    a.down();
    b.down();
  }

  @Test
  void aFlappingBackendIsEjectedProbedAndReEjectedForLonger() {
    TestBackend flappy = TestBackend.start(backends, "flappy").respondWith(503);
    TestBackend good = TestBackend.start(backends, "good");
    proxy = ProxyHarness.start(config(60, 2, 400, flappy.url(), good.url()));
    eventually(Duration.ofSeconds(10), "first ejection", () -> {
      proxy.get("/api/x");
      return proxy.stateOf(flappy.url()).equals("ejected");
    });
    JsonObject first = proxy.backend(flappy.url());
    long firstLength = first.getLong("ejected_until_ms") - first.getLong("since_ms");
    eventually(Duration.ofSeconds(10), "probing after the ejection", () -> proxy.stateOf(flappy.url()).equals("probing"));
    int hitsBefore = flappy.hits();
    eventually(Duration.ofSeconds(10), "probe fails, ejected again", () -> {
      proxy.get("/api/y");
      return proxy.stateOf(flappy.url()).equals("ejected");
    });
    // The probe is a bounded trial: at most one request per proxy instance went to the failing backend.
    assertTrue(flappy.hits() - hitsBefore <= 2, "trial requests: " + (flappy.hits() - hitsBefore));
    JsonObject second = proxy.backend(flappy.url());
    long secondLength = second.getLong("ejected_until_ms") - second.getLong("since_ms");
    assertEquals(2, second.getLong("ejections"));
    assertTrue(secondLength > firstLength, "first " + firstLength + " ms, second " + secondLength + " ms");
    flappy.down();
    good.down();
  }

  @Test
  void checksOfTwentyBackendsRunConcurrently() {
    List<TestBackend> slow = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      TestBackend t = TestBackend.start(backends, "s" + i).healthHangs(true);
      slow.add(t);
      urls.add(t.url());
    }
    long start = System.nanoTime();
    // Startup waits for the first pass: with a 1 s check timeout it takes about 1 s, not 20.
    proxy = ProxyHarness.start(config(60, 3, 30_000, urls.toArray(new String[0])));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < 6_000, "first pass over 20 stalled backends took " + tookMs + " ms");
    for (String u : urls) {
      assertEquals("unhealthy", proxy.stateOf(u));
    }
    assertEquals(503, proxy.get("/api/x").status());
    slow.forEach(TestBackend::down);
  }

  @Test
  void everyProxyInstanceAppliesTheSameState() {
    TestBackend a = TestBackend.start(backends, "a");
    TestBackend b = TestBackend.start(backends, "b");
    proxy = ProxyHarness.start(config(1, 1, 30_000, a.url(), b.url()).replace("instances: 2", "instances: 4"));
    a.healthStatus(500);
    eventually(Duration.ofSeconds(10), "a unhealthy", () -> proxy.stateOf(a.url()).equals("unhealthy"));
    int before = a.hits();
    // New connections land on different instances: none of them may still send to a.
    for (int i = 0; i < 24; i++) {
      try (dev.ferrum.proxy.support.RawClient c = new dev.ferrum.proxy.support.RawClient(proxy.port)) {
        assertEquals(200, c.send("GET /api/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertEquals(before, a.hits());
    a.down();
    b.down();
  }
}
