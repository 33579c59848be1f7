package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.FaultyBackend;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.RawClient;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.ferrum.proxy.support.FaultyBackend.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backends that misbehave: each case gets a defined answer, the health checker hears of it, the
 * pooled connection is not reused, and another route keeps working.
 */
class BackendFaultsTest {

  Vertx backends = Vertx.vertx();
  TestBackend healthy;
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private ProxyHarness start(FaultyBackend faulty) {
    healthy = TestBackend.start(backends, "healthy");
    return ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
        routes:
          - path_prefix: /bad
            backends: [%s]
          - path_prefix: /good
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
          failure_threshold: 1000
        upstream:
          response_timeout_ms: 500
          read_timeout_ms: 500
        """.formatted(faulty.url(), healthy.url()));
  }

  private void otherRouteStillWorks() {
    assertEquals(200, proxy.get("/good/x").status());
  }

  private void backendFailureCounted(FaultyBackend f, String kind) {
    ProxyHarness.eventually(Duration.ofSeconds(5), kind + " reported to the health checker",
        () -> proxy.metrics().contains("ferrum_proxy_backend_failures_total{backend=\"" + f.url() + "\",kind=\"" + kind + "\"}"));
  }

  @Test
  void acceptsAndNeverAnswers() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> sleep(60_000))) {
      proxy = start(f);
      Resp r = proxy.get("/bad/x");
      assertEquals(504, r.status());
      backendFailureCounted(f, "timeout");
      otherRouteStillWorks();
    }
  }

  @Test
  void sendsTheHeadThenStalls() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial");
      sleep(60_000);
    })) {
      proxy = start(f);
      try (RawClient c = new RawClient(proxy.port)) {
        c.send("GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThrows(IOException.class, c::read);
      }
      backendFailureCounted(f, "timeout");
      otherRouteStillWorks();
    }
  }

  @Test
  void closesMidBody() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly a little");
      s.close();
    })) {
      proxy = start(f);
      try (RawClient c = new RawClient(proxy.port)) {
        c.send("GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThrows(IOException.class, c::read, "a cut body must not look complete");
      }
      backendFailureCounted(f, "reset");
      otherRouteStillWorks();
    }
  }

  @Test
  void sendsAnInvalidStatusLine() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 20X Broken\r\ncontent-length: 0\r\n\r\n");
      s.close();
    })) {
      proxy = start(f);
      Resp r = proxy.get("/bad/x");
      assertEquals(502, r.status());
      backendFailureCounted(f, "invalid_response");
      otherRouteStillWorks();
    }
  }

  @Test
  void sendsInvalidHeaders() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      if (head.contains("/bad/length")) {
        write(out, "HTTP/1.1 200 OK\r\ncontent-length: twelve\r\n\r\nok");
      } else {
        write(out, "HTTP/1.1 200 OK\r\nx-bad: a\u0000b\r\ncontent-length: 2\r\n\r\nok");
      }
      s.close();
    })) {
      proxy = start(f);
      assertEquals(502, proxy.get("/bad/length").status());
      assertEquals(502, proxy.get("/bad/nul").status());
      otherRouteStillWorks();
    }
  }

  @Test
  void sendsMoreThanItDeclaredAndTheConnectionIsNotReused() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      // Declares 5 bytes, sends 5 plus what looks like a second response, in one write.
      write(out, "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nevil!\n");
    })) {
      proxy = start(f);
      for (int i = 0; i < 5; i++) {
        Resp r = proxy.get("/bad/x" + i);
        // The declared response is whole and relayed; the bytes past it are never an answer.
        assertEquals(200, r.status(), r.toString());
        assertEquals("hello", r.body(), r.toString());
      }
      // The upstream client drops a connection that sent bytes nobody asked for: every request
      // came on a connection of its own, which the next one cannot be answered on.
      List<Integer> connections = f.requestConnections();
      assertEquals(5, connections.size(), connections.toString());
      assertEquals(5, new HashSet<>(connections).size(), "a connection was reused: " + connections);
      otherRouteStillWorks();
    }
  }

  @Test
  void resetsTheConnection() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      s.setSoLinger(true, 0);
      s.close();
    })) {
      proxy = start(f);
      assertEquals(502, proxy.get("/bad/x").status());
      backendFailureCounted(f, "reset");
      otherRouteStillWorks();
    }
  }

  @Test
  void sendsConnectionCloseOnEveryResponse() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok");
      s.close();
    })) {
      proxy = start(f);
      for (int i = 0; i < 30; i++) {
        Resp r = proxy.get("/bad/x" + i);
        assertEquals(200, r.status());
        assertEquals("ok", r.body());
      }
    }
  }

  @Test
  void isKilledWithTrafficInFlight() throws Exception {
    FaultyBackend f = new FaultyBackend((s, head, in, out) -> sleep(60_000));
    proxy = start(f);
    List<CompletableFuture<Resp>> inFlight = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      inFlight.add(CompletableFuture.supplyAsync(() -> proxy.get("/bad/x" + n)));
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "requests at the backend", () -> f.requests() == 10);
    f.close();
    for (CompletableFuture<Resp> r : inFlight) {
      int status = r.get(20, TimeUnit.SECONDS).status();
      assertTrue(status == 502 || status == 504, "status " + status);
    }
    otherRouteStillWorks();
    assertEquals(200, proxy.get("/health").status());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Socket unused() {
    return null;
  }
}
