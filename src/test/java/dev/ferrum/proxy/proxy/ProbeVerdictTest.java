package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.Eventually;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.RawClient;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.ferrum.proxy.support.ProxyHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up on a trial request (a request to a backend whose ejection just ended)
 * says nothing about that backend: the probe slot is freed with no verdict, and the backend stays
 * on trial until a request that really completes decides.
 */
class ProbeVerdictTest {

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  @Test
  void aClientHangingUpOnATrialRequestLeavesTheBackendOnTrial() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicBoolean stall = new AtomicBoolean(false);
    TestBackend flappy = TestBackend.start(backends, "flappy").handler(req -> {
      if (stall.get()) {
        return; // never answers: the client will give up first
      }
      req.response().setStatusCode(failing.get() ? 503 : 200).end("flappy\n");
    });
    TestBackend good = TestBackend.start(backends, "good");
    proxy = ProxyHarness.start("""
        server: { port: ${port}, host: 127.0.0.1, instances: 1 }
        routes:
          - path_prefix: /api
            balancing: round_robin
            backends: [%s, %s]
        health_check:
          interval_sec: 60
          endpoint: /health
          failure_threshold: 2
          ejection_duration_ms: 300
        upstream: { response_timeout_ms: 10000 }
        """.formatted(flappy.url(), good.url()));
    eventually(Duration.ofSeconds(10), "ejected", () -> {
      proxy.get("/api/x");
      return proxy.stateOf(flappy.url()).equals("ejected");
    });
    stall.set(true);
    eventually(Duration.ofSeconds(10), "on trial", () -> proxy.stateOf(flappy.url()).equals("probing"));

    // Round robin over {flappy (one trial slot), good}: within two requests one is flappy's trial.
    int before = flappy.hits();
    for (int i = 0; i < 2 && flappy.hits() == before; i++) {
      try (RawClient c = new RawClient(proxy.port)) {
        c.send("GET /api/hang HTTP/1.1\r\nHost: x\r\n\r\n");
        try {
          Eventually.await("the request at flappy").atMost(Duration.ofMillis(300)).until(() -> flappy.hits() != before);
        } catch (ConditionTimeoutException notThisOne) {
          // it went to good: the next request is flappy's
        }
      } // the client hangs up here
    }
    assertEquals(before + 1, flappy.hits(), "one trial request reached the backend on trial");
    Thread.sleep(300); // let the hang-up travel: proxy -> checker -> snapshot
    assertEquals("probing", proxy.stateOf(flappy.url()), "no verdict from a request the client abandoned");

    // The slot is free again: the next trial that completes decides.
    stall.set(false);
    failing.set(false);
    eventually(Duration.ofSeconds(10), "a completed trial restores it", () -> {
      proxy.get("/api/y");
      return proxy.stateOf(flappy.url()).equals("healthy");
    });
    assertTrue(flappy.hits() >= before + 2);
  }
}
