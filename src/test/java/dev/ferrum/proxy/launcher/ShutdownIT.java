package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.support.JarProcess;
import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM drains: the real jar as a child process, real slow requests in flight. */
class ShutdownIT {

  Vertx backends = Vertx.vertx();

  @AfterEach
  void close() {
    backends.close();
  }

  private static Path config(Path dir, int port, String backend, long graceMs) throws IOException {
    Path f = dir.resolve("config.yaml");
    Files.writeString(f, """
        server:
          port: %d
          host: 127.0.0.1
          instances: 2
          graceful_shutdown_timeout_ms: %d
        routes:
          - path_prefix: /api
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
        upstream:
          response_timeout_ms: 20000
        """.formatted(port, graceMs, backend));
    return f;
  }

  @Test
  void sigtermLetsTwentySlowRequestsFinishRefusesNewConnectionsAndExitsZero(@TempDir Path dir) throws Exception {
    TestBackend slow = TestBackend.start(backends, "slow").handler(req ->
        backends.setTimer(2000, id -> req.response().end("done " + req.path())));
    int port = Ports.free();
    config(dir, port, slow.url(), 15_000);
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("event=server_start", 60);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/r" + i))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      ProxyHarness.eventually(Duration.ofSeconds(10), "20 requests at the backend", () -> slow.hits() == 20);
      long t0 = System.nanoTime();
      p.signal("TERM");
      // The listener closes at once: a new connection is refused while the 20 are still running.
      ProxyHarness.eventually(Duration.ofSeconds(2), "new connections refused", () -> {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return false;
        } catch (ConnectException refused) {
          return true;
        } catch (IOException other) {
          return false;
        }
      });
      assertTrue(inFlight.stream().noneMatch(CompletableFuture::isDone), "requests finished before the drain test");
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = inFlight.get(i).get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("done /api/r" + i, r.body());
      }
      assertEquals(0, p.waitFor(30), p.output());
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(took < 15_000, "exit took " + took + " ms");
      String out = p.output();
      assertTrue(out.contains("event=shutdown_started"), out);
      assertTrue(out.contains("event=shutdown_complete drained=true remaining_connections=0"), out);
    }
  }

  @Test
  void aStreamStillRunningAtTheDeadlineIsCutAndCounted(@TempDir Path dir) throws Exception {
    TestBackend endless = TestBackend.start(backends, "endless").handler(req -> {
      HttpServerResponse resp = req.response().setChunked(true);
      long id = backends.setPeriodic(50, t -> resp.write(Buffer.buffer("tick\n")));
      resp.closeHandler(v -> backends.cancelTimer(id));
    });
    int port = Ports.free();
    config(dir, port, endless.url(), 1000);
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("event=server_start", 60);
      HttpClient http = HttpClient.newBuilder().build();
      CompletableFuture<HttpResponse<String>> stream = http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stream")).build(),
          HttpResponse.BodyHandlers.ofString());
      ProxyHarness.eventually(Duration.ofSeconds(10), "stream started", () -> endless.hits() == 1);
      long t0 = System.nanoTime();
      p.signal("TERM");
      assertEquals(0, p.waitFor(20), p.output());
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(took < 6000, "exit took " + took + " ms");
      assertTrue(stream.handle((r, err) -> err != null).get(10, TimeUnit.SECONDS), "the stream was not cut");
      assertTrue(p.output().contains("cut_requests=1"), p.output());
    }
  }

  @Test
  void aSecondSignalDuringTheDrainExitsAtOnce(@TempDir Path dir) throws Exception {
    TestBackend stuck = TestBackend.start(backends, "stuck").handler(req -> { });
    int port = Ports.free();
    config(dir, port, stuck.url(), 30_000);
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("event=server_start", 60);
      HttpClient.newBuilder().build().sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hang")).build(),
          HttpResponse.BodyHandlers.ofString());
      ProxyHarness.eventually(Duration.ofSeconds(10), "request in flight", () -> stuck.hits() == 1);
      p.signal("TERM");
      p.awaitOutput("event=shutdown_started", 10);
      long t0 = System.nanoTime();
      p.signal("TERM");
      int code = p.waitFor(10);
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(took < 3000, "second signal took " + took + " ms to end the process");
      assertEquals(128 + 15, code);
    }
  }
}
