package dev.ferrum.proxy.telemetry;

import dev.ferrum.proxy.support.Configs;
import dev.ferrum.proxy.support.JarProcess;
import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log as an operator sees it: the real jar's standard output. */
class AccessLogIT {

  Vertx backends = Vertx.vertx();
  HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    backends.close();
  }

  private static void config(Path dir, int port, String backend, String format) throws IOException {
    String yaml = Configs.oneRoute(60, backend).replace("${port}", Integer.toString(port))
        + "access_log:\n  format: " + format + "\n";
    Files.writeString(dir.resolve("config.yaml"), yaml);
  }

  private HttpResponse<String> get(int port, String pathAndQuery, String requestId) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String lineWith(String output, String text) {
    return Arrays.stream(output.split("\n")).filter(l -> l.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + text + " in:\n" + output));
  }

  @Test
  void logfmtLineCarriesEveryFieldQuotesHostileValuesAndAppearsPromptly(@TempDir Path dir) throws Exception {
    TestBackend b = TestBackend.start(backends, "b");
    int port = Ports.free();
    config(dir, port, b.url(), "logfmt");
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("event=server_start", 60);
      assertEquals(200, get(port, "/api/users?token=secret", "req-logfmt-1").statusCode());
      // Batched, but written within the flush interval (50 ms), not when a buffer happens to fill.
      p.awaitOutput("request_id=req-logfmt-1", 2);
      String line = lineWith(p.output(), "request_id=req-logfmt-1");
      assertTrue(line.matches("time=\\d{4}-\\d\\d-\\d\\dT[^ ]+Z request_id=req-logfmt-1 client=127\\.0\\.0\\.1"
          + " method=GET path=/api/users query_len=12 route=/api backend=" + b.url().replace(".", "\\.")
          + " status=200 bytes_in=0 bytes_out=\\d+ duration_us=\\d+ attempts=1 error=-"), line);
      assertTrue(!line.contains("secret"), "the query string is not logged: " + line);

      // '=' in a path would forge a field if left bare: it is quoted.
      get(port, "/api/a=b", "req-logfmt-2");
      p.awaitOutput("request_id=req-logfmt-2", 2);
      assertTrue(lineWith(p.output(), "request_id=req-logfmt-2").contains(" path=\"/api/a=b\" "),
          lineWith(p.output(), "request_id=req-logfmt-2"));

      assertEquals(404, get(port, "/nowhere", "req-logfmt-3").statusCode());
      p.awaitOutput("request_id=req-logfmt-3", 2);
      String unrouted = lineWith(p.output(), "request_id=req-logfmt-3");
      assertTrue(unrouted.contains(" route=- backend=- status=404 ") && unrouted.contains(" attempts=0 "), unrouted);
    }
  }

  @Test
  void jsonLinesParseAndTheLastLinesAreWrittenOnShutdown(@TempDir Path dir) throws Exception {
    TestBackend b = TestBackend.start(backends, "b");
    int port = Ports.free();
    config(dir, port, b.url(), "json");
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("\"event\":\"server_start\"", 60);
      for (int i = 0; i < 50; i++) {
        assertEquals(200, get(port, "/api/j" + i, "req-json-" + i).statusCode());
      }
      // SIGTERM straight after the last answer: what is still queued is written before exit.
      p.signal("TERM");
      assertEquals(0, p.waitFor(30), p.output());
      List<JsonObject> lines = Arrays.stream(p.output().split("\n"))
          .filter(l -> l.contains("\"request_id\":\"req-json-")).map(JsonObject::new).toList();
      assertEquals(50, lines.size(), p.output());
      JsonObject last = lines.get(49);
      assertEquals("req-json-49", last.getString("request_id"));
      assertEquals("/api/j49", last.getString("path"));
      assertEquals(200, last.getInteger("status"));
      assertEquals(1, last.getInteger("attempts"));
      assertEquals(b.url(), last.getString("backend"));
      assertTrue(last.containsKey("error") && last.getValue("error") == null, last.encode());
    }
  }
}
