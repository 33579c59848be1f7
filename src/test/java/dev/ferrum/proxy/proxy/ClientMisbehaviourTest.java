package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients that go away or never speak: the upstream side is cleaned up and nothing leaks. */
class ClientMisbehaviourTest {

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private ProxyHarness start(String backendUrl, String server) {
    return ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
        %s
        routes:
          - path_prefix: /api
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
        """.formatted(server, backendUrl));
  }

  @Test
  void aClientLeavingMidUploadAbortsTheUpstreamRequest() throws Exception {
    AtomicInteger aborted = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    TestBackend b = TestBackend.start(backends, "b").handler(req -> req.body().onComplete(ar -> {
      if (ar.succeeded()) {
        completed.incrementAndGet();
        req.response().end("ok");
      } else {
        aborted.incrementAndGet();
      }
    }));
    proxy = start(b.url(), "");
    try (Socket s = new Socket("127.0.0.1", proxy.port)) {
      OutputStream out = s.getOutputStream();
      out.write("POST /api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".getBytes());
      out.write(new byte[200_000]);
      out.flush();
      ProxyHarness.eventually(Duration.ofSeconds(5), "upload reached the backend", () -> b.hits() == 1);
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "upstream request aborted", () -> aborted.get() == 1);
    assertEquals(0, completed.get());
    // The pool is not left with a broken connection: the next requests work.
    b.handler(null);
    for (int i = 0; i < 5; i++) {
      assertEquals(200, proxy.get("/api/after" + i).status());
    }
  }

  @Test
  void aClientLeavingMidDownloadAbortsTheUpstreamResponse() throws Exception {
    AtomicInteger upstreamClosed = new AtomicInteger();
    TestBackend b = TestBackend.start(backends, "b").handler(req -> {
      if (!req.path().endsWith("big")) {
        req.response().end("small");
        return;
      }
      HttpServerResponse resp = req.response().setChunked(true);
      long id = backends.setPeriodic(5, t -> {
        if (!resp.closed() && !resp.writeQueueFull()) {
          resp.write(Buffer.buffer(new byte[32 * 1024]));
        }
      });
      // One close handler (a second would replace it): counts the close and stops the writer.
      resp.closeHandler(v -> {
        upstreamClosed.incrementAndGet();
        backends.cancelTimer(id);
      });
    });
    proxy = start(b.url(), "");
    try (Socket s = new Socket("127.0.0.1", proxy.port)) {
      s.getOutputStream().write("GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      int got = 0;
      while (got < 200_000) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        got += n;
      }
      assertTrue(got >= 200_000);
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "upstream connection closed", () -> upstreamClosed.get() >= 1);
    for (int i = 0; i < 5; i++) {
      Resp r = proxy.get("/api/small" + i);
      assertEquals(200, r.status());
      assertEquals("small", r.body());
    }
    try {
      ProxyHarness.eventually(Duration.ofSeconds(5), "counted as client_disconnected",
          () -> proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"client_disconnected\"}"));
    } catch (AssertionError e) {
      proxy.metrics().lines().filter(l -> l.contains("errors_total") || l.contains("requests_total")
          || l.contains("in_flight")).forEach(System.err::println);
      throw e;
    }
    assertTrue(!proxy.metrics().contains("ferrum_proxy_backend_failures_total{backend=\"" + b.url() + "\""),
        "a client leaving was blamed on the backend");
  }

  @Test
  void aClientLeavingBeforeTheAnswerIsNotTheBackendsFault() throws Exception {
    TestBackend slow = TestBackend.start(backends, "slow").handler(req ->
        backends.setTimer(1000, id -> req.response().end("late")));
    proxy = start(slow.url(), "");
    for (int i = 0; i < 5; i++) {
      try (Socket s = new Socket("127.0.0.1", proxy.port)) {
        s.getOutputStream().write(("GET /api/slow" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes());
        int n = i;
        ProxyHarness.eventually(Duration.ofSeconds(5), "request at the backend", () -> slow.hits() == n + 1);
      }
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "counted as client_disconnected",
        () -> proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"client_disconnected\"} 5.0"));
    assertTrue(!proxy.metrics().contains("ferrum_proxy_backend_failures_total{backend=\"" + slow.url() + "\""),
        "clients leaving were blamed on the backend");
    assertEquals("healthy", proxy.stateOf(slow.url()));
  }

  @Test
  void thousandsOfIdleConnectionsAreClosedAndOthersAreServed() throws Exception {
    TestBackend b = TestBackend.start(backends, "b");
    proxy = start(b.url(), "  client_header_timeout_ms: 1500");
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        idle.add(new Socket("127.0.0.1", proxy.port));
      }
      ProxyHarness.eventually(Duration.ofSeconds(10), "2000 connections accepted",
          () -> proxy.metrics().contains("ferrum_proxy_open_connections 2000.0"));
      for (int i = 0; i < 20; i++) {
        assertEquals(200, proxy.get("/api/x" + i).status());
      }
      // Connections that never sent a byte are closed quietly after the header timeout.
      ProxyHarness.eventually(Duration.ofSeconds(15), "idle connections closed", () -> {
        String m = proxy.metrics();
        return m.contains("ferrum_proxy_open_connections 0.0") || m.contains("ferrum_proxy_open_connections 1.0");
      });
      int closed = 0;
      for (Socket s : idle) {
        s.setSoTimeout(2000);
        if (s.getInputStream().read() < 0) {
          closed++;
        }
      }
      assertEquals(2000, closed);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }
}
