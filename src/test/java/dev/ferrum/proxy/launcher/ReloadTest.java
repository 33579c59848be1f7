package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.support.Await;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot reload through the file watcher, under continuous keep-alive load. */
class ReloadTest {

  static final int SCAN_MS = 300;

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  static String config(String balancing, long responseTimeoutMs, List<TestBackend> pool) {
    return """
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
          config_scan_period_ms: %d
        routes:
          - path_prefix: /api
            balancing: %s
            response_timeout_ms: %d
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
          check_timeout_ms: 500
        """.formatted(SCAN_MS, balancing, responseTimeoutMs,
        String.join(", ", pool.stream().map(TestBackend::url).toList()));
  }

  /** Continuous load: 4 keep-alive connections, every answer checked. */
  static final class Load {
    final Queue<String> backendsSeen = new ConcurrentLinkedQueue<>();
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong done = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    final HttpClient client;
    final int port;

    Load(Vertx vertx, int port) {
      this.port = port;
      this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(4));
      for (int i = 0; i < 4; i++) {
        next(i);
      }
    }

    void next(int worker) {
      if (stop.get()) {
        return;
      }
      client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
              .setURI("/api/w" + worker).setTimeout(10_000))
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> {
            String who = resp.getHeader("x-backend");
            if (resp.statusCode() != 200 || who == null || !b.toString().contains("path=/api/w" + worker)) {
              failures.add(resp.statusCode() + " " + b);
            } else {
              backendsSeen.add(who);
            }
            return null;
          }))
          .onComplete(ar -> {
            if (ar.failed()) {
              failures.add(ar.cause().toString());
            }
            done.incrementAndGet();
            next(worker);
          });
    }

    /** Waits until {@code n} consecutive new answers all satisfy {@code p}; returns the wait in ms. */
    long awaitTraffic(String what, Predicate<String> p, int n) {
      long t0 = System.nanoTime();
      ProxyHarness.eventually(Duration.ofSeconds(10), what, () -> {
        backendsSeen.clear();
        sleep(150);
        List<String> recent = List.copyOf(backendsSeen);
        return recent.size() >= n && recent.stream().allMatch(p);
      });
      return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Waits until any new answer satisfies {@code p}; returns the wait in ms. */
    long awaitAny(String what, Predicate<String> p) {
      long t0 = System.nanoTime();
      backendsSeen.clear();
      ProxyHarness.eventually(Duration.ofSeconds(10), what, () -> backendsSeen.stream().anyMatch(p));
      return (System.nanoTime() - t0) / 1_000_000;
    }

    static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void tenRewritesUnderLoadLoseNoRequestAndEachShowsWithinTwoScans() {
    TestBackend a = TestBackend.start(backends, "a");
    TestBackend b = TestBackend.start(backends, "b");
    TestBackend c = TestBackend.start(backends, "c");
    proxy = ProxyHarness.startWatching(config("round_robin", 3000, List.of(a, b)));
    Vertx clients = Vertx.vertx();
    Load load = new Load(clients, proxy.port);
    try {
      load.awaitTraffic("a and b serve", x -> x.equals("a") || x.equals("b"), 20);
      long slowest = 0;
      for (int round = 0; round < 5; round++) {
        // 1: add c
        proxy.rewriteConfig(config("round_robin", 3000, List.of(a, b, c)));
        slowest = Math.max(slowest, load.awaitAny("c gets traffic", "c"::equals));
        // 2: remove a and pin to the first backend
        proxy.rewriteConfig(config("first_healthy", 2000 + round, List.of(b, c)));
        slowest = Math.max(slowest, load.awaitTraffic("only b", "b"::equals, 20));
      }
      // Two scan periods, plus the sampling window and a loaded machine's slack.
      assertTrue(slowest <= 2 * SCAN_MS + 1500, "slowest change took " + slowest + " ms to show");
      load.stop.set(true);
      Load.sleep(300);
      assertTrue(load.failures.isEmpty(), "failed or wrong answers: " + load.failures);
      assertTrue(load.done.get() > 200, "too little traffic: " + load.done.get());
      assertTrue(proxy.get("/").body().contains("config generation 11"), proxy.get("/").body());
      assertTrue(proxy.metrics().contains("ferrum_proxy_config_reloads_total{result=\"ok\"} 10.0"));
    } finally {
      load.stop.set(true);
      Await.result(clients.close());
    }
  }

  @Test
  void anInvalidFileLeavesTheOldConfigServingAndIsReported() {
    TestBackend a = TestBackend.start(backends, "a");
    String good = config("round_robin", 3000, List.of(a));
    proxy = ProxyHarness.startWatching(good);
    List<String> broken = List.of(
        good.replace("routes:", "routes: [unclosed"),
        good.replace("balancing:", "balancin:"),
        good.replace(a.url(), "http//no-scheme"));
    int expectedFailures = 0;
    for (String bad : broken) {
      proxy.rewriteConfig(bad);
      expectedFailures++;
      String metric = "ferrum_proxy_config_reload_failures_total " + expectedFailures + ".0";
      ProxyHarness.eventually(Duration.ofSeconds(5), "failure reported", () -> proxy.metrics().contains(metric));
      Resp status = proxy.get("/");
      assertTrue(status.body().contains("config generation 1, last reload failed"), status.body());
      assertEquals(200, proxy.get("/api/still-serving").status());
      assertTrue(proxy.get("/health/backends").body().contains("\"last_reload_result\" : \"failed\""));
    }
    assertTrue(proxy.get("/health/backends").body().contains("routes[0].backends[0]"),
        "the last error names the key path");
    proxy.rewriteConfig(good.replace("response_timeout_ms: 3000", "response_timeout_ms: 2500"));
    ProxyHarness.eventually(Duration.ofSeconds(5), "valid again",
        () -> proxy.get("/").body().contains("config generation 2, last reload ok"));
  }
}
