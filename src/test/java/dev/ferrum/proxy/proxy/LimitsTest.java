package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.RawClient;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.ferrum.proxy.support.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size limits, enforced on the wire. */
class LimitsTest {

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private ProxyHarness start(TestBackend b, String extraServer) {
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
        upstream:
          max_request_body_bytes: 1000
          max_response_body_bytes: 1000
        """.formatted(extraServer, b.url()));
  }

  @Test
  void aDeclaredOversizeRequestGets413BeforeAnythingReachesTheBackend() throws IOException {
    TestBackend a = TestBackend.start(backends, "a");
    proxy = start(a, "");
    try (RawClient c = new RawClient(proxy.port)) {
      c.send("POST /api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + "y".repeat(2000));
      RawClient.RawResponse r = c.read();
      assertEquals(413, r.status());
      assertTrue(r.bodyText().startsWith("request body too large: content-length 2000 exceeds the 1000 byte limit"));
      assertEquals("close", r.header("connection"));
      assertTrue(c.closedByServer());
    }
    assertEquals(0, a.hits());
  }

  @Test
  void aChunkedRequestCrossingTheLimitIsAbortedWith413() throws IOException {
    AtomicInteger aborted = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    TestBackend a = TestBackend.start(backends, "a").handler(req -> req.body().onComplete(ar -> {
      if (ar.succeeded()) {
        completed.incrementAndGet();
        req.response().end("got " + ar.result().length());
      } else {
        aborted.incrementAndGet();
      }
    }));
    proxy = start(a, "");
    try (RawClient c = new RawClient(proxy.port)) {
      // 600 bytes, under the limit: the request goes upstream and the body starts to flow.
      c.send("POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      c.send("258\r\n" + "z".repeat(600) + "\r\n");
      await("the upload reached the backend").until(() -> a.hits() == 1);
      // 1800 bytes in all: the limit is crossed while the backend is reading the body.
      for (int i = 0; i < 2; i++) {
        c.send("258\r\n" + "z".repeat(600) + "\r\n");
      }
      await("the backend's body ended, one way or the other").until(() -> aborted.get() + completed.get() > 0);
      assertEquals(0, completed.get(), "the backend took a cut body for a complete one");
      assertEquals(1, aborted.get());
      RawClient.RawResponse r = c.read();
      assertEquals(413, r.status());
      assertTrue(c.closedByServer());
    }
    assertEquals(1, a.hits());
  }

  @Test
  void aDeclaredOversizeResponseGets502BeforeAnyByte() throws IOException {
    TestBackend a = TestBackend.start(backends, "a").handler(req -> req.response().end(Buffer.buffer(new byte[5000])));
    proxy = start(a, "");
    try (RawClient c = new RawClient(proxy.port)) {
      RawClient.RawResponse r = c.send("GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertEquals(502, r.status());
      assertTrue(r.statusLine().endsWith("Bad Gateway"), r.statusLine());
      assertEquals("bad gateway: upstream response body exceeds the 1000 byte limit\n", r.bodyText());
    }
  }

  @Test
  void aChunkedResponseCrossingTheLimitCutsTheConnection() throws IOException {
    TestBackend a = TestBackend.start(backends, "a").handler(req -> {
      req.response().setChunked(true);
      for (int i = 0; i < 4; i++) {
        req.response().write(Buffer.buffer(new byte[600]));
      }
      req.response().end();
    });
    proxy = start(a, "");
    try (RawClient c = new RawClient(proxy.port)) {
      c.send("GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n");
      // The status is already out: the only honest signal left is a cut, never a clean end.
      assertThrows(IOException.class, c::read);
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "cut counted",
        () -> proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"response_body_too_large\"} 1.0"));
  }

  @Test
  void headAnd304AreExemptFromTheResponseLimit() throws IOException {
    TestBackend a = TestBackend.start(backends, "a").handler(req -> {
      if (req.path().endsWith("304")) {
        req.response().setStatusCode(304).putHeader("content-length", "5000").end();
      } else {
        req.response().putHeader("content-length", "5000").end();
      }
    });
    proxy = start(a, "");
    try (RawClient c = new RawClient(proxy.port)) {
      c.send("HEAD /api/file HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.RawResponse r = c.readHead();
      assertEquals(200, r.status());
      assertEquals("5000", r.header("content-length"));
      c.send("GET /api/304 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(304, c.readHead().status());
    }
  }

  @Test
  void boundsHeaderCountHeaderSizeAndRequestLine() throws IOException {
    TestBackend a = TestBackend.start(backends, "a");
    proxy = start(a, "  max_header_count: 20\n  max_header_bytes: 4096\n  max_request_line_bytes: 1024");
    StringBuilder many = new StringBuilder("GET /api/x HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 30; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    try (RawClient c = new RawClient(proxy.port)) {
      assertEquals(431, c.send(many + "\r\n").read().status());
    }
    try (RawClient c = new RawClient(proxy.port)) {
      RawClient.RawResponse r = c.send("GET /api/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(8000) + "\r\n\r\n").read();
      assertEquals(431, r.status());
      assertTrue(c.closedByServer());
    }
    try (RawClient c = new RawClient(proxy.port)) {
      RawClient.RawResponse r = c.send("GET /api/" + "u".repeat(3000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertEquals(414, r.status());
      assertTrue(c.closedByServer());
    }
    assertEquals(0, a.hits());
  }
}
