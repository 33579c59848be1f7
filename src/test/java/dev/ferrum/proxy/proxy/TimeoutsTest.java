package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.RawClient;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each timeout has its own key and its own answer, at about its configured time. */
class TimeoutsTest {

  /** Slack for a loaded 2-core machine: a timeout may fire this much late, never early. */
  static final long SLACK_MS = 1500;

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  private ProxyHarness start(String backendUrl, String server, String route, String upstream) {
    return ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
        %s
        routes:
          - path_prefix: /api
            backends: [%s]
        %s
        health_check:
          interval_sec: 60
          endpoint: /health
          check_timeout_ms: 300
        upstream:
        %s
        """.formatted(server, backendUrl, route, upstream.isEmpty() ? "  read_timeout_ms: 15000" : upstream));
  }

  private static void assertAbout(long expectedMs, long tookMs) {
    assertTrue(tookMs >= expectedMs * 8 / 10 && tookMs <= expectedMs + SLACK_MS,
        "took " + tookMs + " ms, configured " + expectedMs + " ms");
  }

  @Test
  void aBackendThatNeverAnswersGets504AtTheResponseTimeout() {
    TestBackend silent = TestBackend.start(backends, "silent").handler(req -> { });
    proxy = start(silent.url(), "", "", "  response_timeout_ms: 600");
    long t0 = System.nanoTime();
    Resp r = proxy.get("/api/slow");
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(504, r.status());
    assertEquals("gateway timeout: no response from upstream within 600 ms\n", r.body());
    assertAbout(600, took);
  }

  @Test
  void theResponseTimeoutIsSeparateFromTheConnectTimeout() {
    // A 1 s answer is fine with a 200 ms connect timeout: the original conflated the two.
    TestBackend slow = TestBackend.start(backends, "slow").handler(req ->
        backends.setTimer(1000, id -> req.response().end("late but fine")));
    proxy = start(slow.url(), "", "", "  connect_timeout_ms: 200\n  response_timeout_ms: 3000");
    Resp r = proxy.get("/api/slow");
    assertEquals(200, r.status());
    assertEquals("late but fine", r.body());
  }

  @Test
  void aSlowConnectIsAConnectFailure() throws IOException {
    // A listener whose accept queue is full drops SYNs: connecting to it hangs.
    ServerSocket full = new ServerSocket();
    full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    List<Socket> fillers = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket();
        try {
          s.connect(full.getLocalSocketAddress(), 200);
          fillers.add(s);
        } catch (SocketTimeoutException e) {
          s.close();
          break;
        }
      }
      Socket probe = new Socket();
      boolean hangs;
      try {
        probe.connect(full.getLocalSocketAddress(), 300);
        hangs = false;
      } catch (SocketTimeoutException e) {
        hangs = true;
      } finally {
        probe.close();
      }
      Assumptions.assumeTrue(hangs, "this kernel does not stall connects to a full accept queue");
      proxy = start("http://127.0.0.1:" + full.getLocalPort(), "", "    connect_timeout_ms: 500", "");
      long t0 = System.nanoTime();
      Resp r = proxy.get("/api/x");
      long took = (System.nanoTime() - t0) / 1_000_000;
      // Health checks may already have marked it down (503); otherwise the attempt itself fails (502).
      assertTrue(r.status() == 502 || r.status() == 503, r.toString());
      assertTrue(took < 500 + SLACK_MS, "took " + took + " ms");
    } finally {
      for (Socket s : fillers) {
        s.close();
      }
      full.close();
    }
  }

  @Test
  void aStalledResponseBodyIsCutAtTheReadTimeout() throws IOException {
    TestBackend staller = TestBackend.start(backends, "staller").handler(req -> {
      req.response().setChunked(true).write("first part ");
      // ...and then nothing more.
    });
    proxy = start(staller.url(), "", "", "  read_timeout_ms: 500");
    try (RawClient c = new RawClient(proxy.port)) {
      long t0 = System.nanoTime();
      c.send("GET /api/stall HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThrows(IOException.class, c::read);
      assertAbout(500, (System.nanoTime() - t0) / 1_000_000);
    }
    ProxyHarness.eventually(Duration.ofSeconds(5), "read timeout counted",
        () -> proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"upstream_response_body_timeout\"} 1.0"));
  }

  @Test
  void aSlowlorisClientGets408AndIsClosedWhileOthersAreServed() throws Exception {
    TestBackend a = TestBackend.start(backends, "a");
    proxy = start(a.url(), "  client_header_timeout_ms: 600", "", "");
    try (RawClient slow = new RawClient(proxy.port)) {
      long t0 = System.nanoTime();
      slow.send("GET /api/x HTTP/1.1\r\n");
      // One header byte every 50 ms, from another thread, until the server gives up on us.
      Thread dripper = new Thread(() -> {
        try {
          for (char ch : "Host: example\r\nX-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".toCharArray()) {
            slow.send(String.valueOf(ch));
            Thread.sleep(50);
          }
        } catch (Exception closed) {
          // expected once the proxy closed the connection
        }
      });
      dripper.start();
      // Others are served meanwhile.
      for (int i = 0; i < 5; i++) {
        assertEquals(200, proxy.get("/api/other").status());
      }
      RawClient.RawResponse r = slow.read();
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(408, r.status());
      assertAbout(600, took);
      assertTrue(slow.closedByServer());
      dripper.join(10_000);
    }
    assertTrue(proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"client_header_timeout\"} 1.0"));
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws IOException {
    TestBackend a = TestBackend.start(backends, "a");
    proxy = start(a.url(), "  keepalive_timeout_ms: 400", "", "");
    try (RawClient c = new RawClient(proxy.port)) {
      assertEquals(200, c.send("GET /api/x HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
      long t0 = System.nanoTime();
      c.timeout(5000);
      assertTrue(c.closedByServer());
      assertAbout(400, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  @Test
  void aSlowRequestBodyGets408AtTheRoutesBodyTimeout() throws IOException {
    TestBackend a = TestBackend.start(backends, "a");
    proxy = start(a.url(), "", "    client_body_timeout_ms: 500", "");
    try (RawClient c = new RawClient(proxy.port)) {
      long t0 = System.nanoTime();
      c.send("POST /api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
      RawClient.RawResponse r = c.read();
      assertEquals(408, r.status());
      assertEquals("client request body idle timeout after 500 ms\n", r.bodyText());
      assertAbout(500, (System.nanoTime() - t0) / 1_000_000);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void aRouteDeadlineBoundsTheWholeExchange() {
    TestBackend slow = TestBackend.start(backends, "slow").handler(req ->
        backends.setTimer(3000, id -> req.response().end("too late")));
    proxy = start(slow.url(), "", "    deadline_ms: 700", "  response_timeout_ms: 10000");
    long t0 = System.nanoTime();
    Resp r = proxy.get("/api/slow");
    assertEquals(504, r.status());
    assertAbout(700, (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void aClientThatReadsNothingIsCutAtTheSendTimeout() throws Exception {
    TestBackend big = TestBackend.start(backends, "big").handler(req -> {
      req.response().setChunked(true);
      writeForever(req.response());
    });
    proxy = start(big.url(), "  client_send_timeout_ms: 800", "", "");
    try (Socket s = new Socket("127.0.0.1", proxy.port)) {
      s.setReceiveBufferSize(4096);
      s.getOutputStream().write("GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      // Read nothing: the proxy's buffers fill, the backend is paused, and then the client is cut.
      ProxyHarness.eventually(Duration.ofSeconds(10), "slow reader cut",
          () -> proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"client_send_timeout\"} 1.0"));
    }
  }

  private void writeForever(io.vertx.core.http.HttpServerResponse resp) {
    while (!resp.writeQueueFull()) {
      resp.write(Buffer.buffer(new byte[16 * 1024]));
    }
    resp.drainHandler(v -> writeForever(resp));
  }

  static int unused() {
    return Ports.free();
  }
}
