package dev.ferrum.proxy.telemetry;

import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.Promtool;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ferrum.proxy.support.ProxyHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code /metrics} of a running proxy: exact values after known traffic, every documented family
 * present after a busy scenario (retries, ejections, refused ejections, reloads, errors), the
 * exposition accepted by Prometheus' own parser ({@code promtool check metrics}; those tests are
 * skipped without promtool: {@code apt-get install prometheus}), label values escaped, and the
 * Grafana dashboard and docs/observability.md naming only metrics that exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsExpositionTest {

  /** Every family of ours, as exposed (counters with their _total). */
  static final List<String> FERRUM_FAMILIES = List.of(
      "ferrum_proxy_requests_total", "ferrum_proxy_responses_total",
      "ferrum_proxy_request_duration_seconds", "ferrum_proxy_request_duration_seconds_max",
      "ferrum_proxy_upstream_duration_seconds", "ferrum_proxy_upstream_duration_seconds_max",
      "ferrum_proxy_in_flight_requests", "ferrum_proxy_open_connections",
      "ferrum_proxy_access_log_dropped_lines_total",
      "ferrum_proxy_retries_total", "ferrum_proxy_retry_budget_exhausted_total",
      "ferrum_proxy_retry_body_not_buffered_total", "ferrum_proxy_errors_total",
      "ferrum_proxy_backend_healthy", "ferrum_proxy_backend_failures_total",
      "ferrum_proxy_health_transitions_total", "ferrum_proxy_ejections_total",
      "ferrum_proxy_ejections_refused_total", "ferrum_proxy_request_bytes_total",
      "ferrum_proxy_response_bytes_total", "ferrum_proxy_config_reloads_total",
      "ferrum_proxy_config_reload_failures_total");

  private final Vertx backendVertx = Vertx.vertx();
  private String busyScrape;

  @AfterAll
  void close() {
    backendVertx.close();
  }

  /**
   * The scrape of a proxy that went through a busy scenario (retries, an ejection, a refused
   * ejection, a dead backend, a 404, a good and a bad reload, a GC), taken once. The proxy is
   * closed before any other starts: Vert.x keeps one metrics backend per registry name for the
   * whole JVM, so two proxies alive in one JVM would report Vert.x and JVM meters into the first
   * one's registry.
   */
  private synchronized String busyScrape() {
    if (busyScrape != null) {
      return busyScrape;
    }
    TestBackend api = TestBackend.start(backendVertx, "api");
    TestBackend flaky = TestBackend.start(backendVertx, "flaky").respondWith(503);
    TestBackend steady = TestBackend.start(backendVertx, "steady");
    TestBackend solo = TestBackend.start(backendVertx, "solo").respondWith(500);
    Ports.ClosedPort deadPort = Ports.closed();
    String dead = deadPort.url();
    String yaml = """
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
          config_scan_period_ms: 100
        routes:
          - path_prefix: /api
            backends: [%s]
          - path_prefix: /flaky
            balancing: first_healthy
            backends: [%s, %s]
            retry:
              max_attempts: 2
              backoff_ms: 1
          - path_prefix: /solo
            backends: [%s]
          - path_prefix: /dead
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
          check_timeout_ms: 1000
          failure_threshold: 2
          ejection_duration_ms: 60000
        access_log:
          enabled: false
        metrics:
          vertx_http_metrics: true
        """.formatted(api.url(), flaky.url(), steady.url(), solo.url(), dead);
    try (deadPort; ProxyHarness busy = ProxyHarness.startWatching(yaml)) {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, busy.get("/api/a").status());
      }
      for (int i = 0; i < 6; i++) {
        // The first backend answers 503: retried on the second, then ejected after two failures.
        assertEquals(200, busy.get("/flaky/f").status());
      }
      for (int i = 0; i < 2; i++) {
        // Failures of the only backend of a route: its ejection is refused (panic rule).
        assertEquals(500, busy.get("/solo/s").status());
      }
      assertEquals(503, busy.get("/dead/d").status());
      assertEquals(404, busy.get("/elsewhere").status());
      busy.rewriteConfig(yaml.replace("ejection_duration_ms: 60000", "ejection_duration_ms: 61000"));
      eventually(Duration.ofSeconds(10), "a successful reload",
          () -> busy.metrics().contains("ferrum_proxy_config_reloads_total{result=\"ok\"} 1.0"));
      busy.rewriteConfig(yaml + "no_such_section: 1\n");
      eventually(Duration.ofSeconds(10), "a failed reload",
          () -> busy.metrics().contains("ferrum_proxy_config_reloads_total{result=\"failed\"} 1.0"));
      eventually(Duration.ofSeconds(10), "the ejection and the refused ejection",
          () -> busy.metrics().contains("ferrum_proxy_ejections_total{backend=\"" + flaky.url() + "\"} 1.0")
              && busy.metrics().contains("ferrum_proxy_ejections_refused_total{backend=\"" + solo.url() + "\"}"));
      // The GC pause timer appears with the first collection after the registry was bound.
      System.gc();
      eventually(Duration.ofSeconds(10), "a GC pause recorded",
          () -> busy.metrics().contains("\njvm_gc_pause_seconds_count{"));
      Resp r = busy.get("/metrics");
      assertEquals(200, r.status());
      assertTrue(r.header("content-type").startsWith("text/plain; version=0.0.4"), r.header("content-type"));
      busyScrape = r.body();
    }
    return busyScrape;
  }

  // ---- exact values ----

  @Test
  void exactValuesAfterKnownTrafficThroughAFreshProxy() {
    TestBackend a = TestBackend.start(backendVertx, "a");
    Ports.ClosedPort deadPort = Ports.closed();
    String dead = deadPort.url();
    try (deadPort; ProxyHarness proxy = ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
        routes:
          - path_prefix: /api
            backends: [%s]
          - path_prefix: /up
            backends: [%s]
          - path_prefix: /dead
            backends: [%s]
        health_check:
          interval_sec: 60
          endpoint: /health
          check_timeout_ms: 1000
        access_log:
          enabled: false
        """.formatted(a.url(), a.url(), dead))) {
      long apiBodyBytes = 0;
      for (int i = 0; i < 3; i++) {
        Resp r = proxy.get("/api/unique-path-" + i + "?q=secret");
        assertEquals(200, r.status());
        apiBodyBytes += r.bytes().length;
      }
      for (int i = 0; i < 2; i++) {
        Resp r = proxy.request(HttpMethod.POST, "/up/upload", Map.of(), Buffer.buffer(new byte[100]));
        assertEquals(200, r.status());
      }
      assertEquals(503, proxy.get("/dead/x").status());
      assertEquals(404, proxy.get("/no-route-here").status());
      // Counted when each exchange completes; read the registry (no HTTP: that would count too).
      eventually(Duration.ofSeconds(5), "7 requests recorded", () -> proxy.metrics()
          .contains("ferrum_proxy_requests_total{route=\"unrouted\",status=\"404\"} 1.0")
          && proxy.metrics().contains("ferrum_proxy_responses_total{status_code=\"200\"} 5.0"));

      String m = proxy.get("/metrics").body();
      // Each client request once in requests/responses/duration; the scrape itself is not finished yet.
      sample(m, "ferrum_proxy_requests_total{route=\"/api\",status=\"200\"}", "3.0");
      sample(m, "ferrum_proxy_requests_total{route=\"/up\",status=\"200\"}", "2.0");
      sample(m, "ferrum_proxy_requests_total{route=\"/dead\",status=\"503\"}", "1.0");
      sample(m, "ferrum_proxy_requests_total{route=\"unrouted\",status=\"404\"}", "1.0");
      sample(m, "ferrum_proxy_responses_total{status_code=\"200\"}", "5.0");
      sample(m, "ferrum_proxy_responses_total{status_code=\"503\"}", "1.0");
      sample(m, "ferrum_proxy_responses_total{status_code=\"404\"}", "1.0");
      sample(m, "ferrum_proxy_request_duration_seconds_count{route=\"/api\",status_class=\"2xx\"}", "3");
      sample(m, "ferrum_proxy_request_duration_seconds_bucket{route=\"/api\",status_class=\"2xx\",le=\"+Inf\"}", "3");
      sample(m, "ferrum_proxy_request_duration_seconds_bucket{route=\"/api\",status_class=\"2xx\",le=\"30.0\"}", "3");
      sample(m, "ferrum_proxy_request_duration_seconds_count{route=\"/up\",status_class=\"2xx\"}", "2");
      sample(m, "ferrum_proxy_request_duration_seconds_count{route=\"/dead\",status_class=\"5xx\"}", "1");
      sample(m, "ferrum_proxy_request_duration_seconds_count{route=\"unrouted\",status_class=\"4xx\"}", "1");
      // One attempt each; the dead backend never got one.
      sample(m, "ferrum_proxy_upstream_duration_seconds_count{backend=\"" + a.url() + "\",route=\"/api\"}", "3");
      sample(m, "ferrum_proxy_upstream_duration_seconds_count{backend=\"" + a.url() + "\",route=\"/up\"}", "2");
      sample(m, "ferrum_proxy_upstream_duration_seconds_count{backend=\"" + dead + "\",route=\"/dead\"}", "0");
      sample(m, "ferrum_proxy_request_bytes_total{route=\"/up\"}", "200.0");
      sample(m, "ferrum_proxy_request_bytes_total{route=\"/api\"}", "0.0");
      sample(m, "ferrum_proxy_response_bytes_total{route=\"/api\"}", apiBodyBytes + ".0");
      sample(m, "ferrum_proxy_errors_total{kind=\"no_healthy_backends\"}", "1.0");
      sample(m, "ferrum_proxy_errors_total{kind=\"no_route\"}", "1.0");
      sample(m, "ferrum_proxy_in_flight_requests", "0.0");
      sample(m, "ferrum_proxy_backend_healthy{backend=\"" + a.url() + "\"}", "1.0");
      sample(m, "ferrum_proxy_backend_healthy{backend=\"" + dead + "\"}", "0.0");
      sample(m, "ferrum_proxy_health_transitions_total{backend=\"" + dead + "\",to=\"unhealthy\"}", "1.0");
      sample(m, "ferrum_proxy_backend_failures_total{backend=\"" + dead + "\",kind=\"check_failed\"}", "1.0");
      sample(m, "ferrum_proxy_retry_budget_exhausted_total{route=\"/api\"}", "0.0");
      assertTrue(m.contains("\nferrum_proxy_open_connections "), m);
      // The histogram's buckets are the documented ones.
      for (String le : List.of("5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
          "1.0", "2.5", "5.0", "10.0", "30.0", "+Inf")) {
        assertTrue(m.contains("ferrum_proxy_request_duration_seconds_bucket{route=\"/api\",status_class=\"2xx\",le=\""
            + le + "\"}"), "bucket le=" + le + "\n" + m);
      }
      // JVM and Vert.x event-bus metrics share the registry; Vert.x's per-request HTTP and pool
      // metrics are off unless metrics.vertx_http_metrics asks for them (see the busy scrape).
      assertTrue(m.contains("\njvm_memory_used_bytes{area=\"heap\""), m);
      assertTrue(m.contains("\nvertx_eventbus_"), m);
      assertFalse(m.contains("\nvertx_http_server_requests_total{"), m);
      // Cardinality: nothing from the request line (path, query) becomes a label value.
      assertFalse(m.contains("unique-path"), m);
      assertFalse(m.contains("no-route-here"), m);
      assertFalse(m.contains("secret"), m);
      assertFalse(m.contains("/up/upload"), m);
    }
  }

  /** Asserts the exact line {@code series value} is in the scrape. */
  private static void sample(String scrape, String series, String value) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        assertEquals(series + " " + value, line);
        return;
      }
    }
    throw new AssertionError("no sample " + series + " in:\n" + scrape);
  }

  // ---- every family, and the dashboard and docs name only what exists ----

  @Test
  void everyFamilyIsExposedAfterABusyScenario() {
    for (String family : FERRUM_FAMILIES) {
      assertTrue(busyScrape().contains("\n# TYPE " + family + " "), "missing family " + family + "\n" + busyScrape);
    }
    Set<String> exposed = new TreeSet<>();
    for (String line : busyScrape().split("\n")) {
      if (line.startsWith("# TYPE ferrum_")) {
        exposed.add(line.split(" ")[2]);
      }
    }
    assertEquals(new TreeSet<>(FERRUM_FAMILIES), exposed, "families changed: update this test, the docs and the dashboard");
    assertTrue(busyScrape().contains("ferrum_proxy_retries_total{reason=\"status_503\",route=\"/flaky\"}"), busyScrape);
    assertTrue(busyScrape().contains("ferrum_proxy_config_reload_failures_total 1.0"), busyScrape);
  }

  @Test
  void docsDescribeEveryFamily() throws Exception {
    String doc = Files.readString(Path.of("docs/observability.md"));
    for (String family : FERRUM_FAMILIES) {
      assertTrue(doc.contains(family), "docs/observability.md does not mention " + family);
    }
  }

  @Test
  void vertxHttpMetricsAreThereWhenAskedFor() throws Exception {
    String m = busyScrape();
    assertTrue(m.contains("\nvertx_http_server_requests_total{"), m);
    assertTrue(m.contains("\nvertx_http_client_requests_total{"), m);
    assertTrue(m.contains("\nvertx_pool_in_use{"), m);
  }

  @Test
  void theDashboardQueriesOnlyExposedMetrics() throws Exception {
    Set<String> samples = new TreeSet<>();
    for (String line : busyScrape().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
        samples.add(line.substring(0, end));
      }
    }
    Pattern name = Pattern.compile("\\b((?:ferrum|jvm|process|vertx|system)_[a-zA-Z0-9_]+)");
    Set<String> used = new TreeSet<>();
    for (String expr : GrafanaDashboardTest.expressions(GrafanaDashboardTest.dashboard())) {
      Matcher mm = name.matcher(expr);
      while (mm.find()) {
        used.add(mm.group(1));
      }
    }
    assertTrue(used.size() > 10, "found only " + used);
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(samples);
    assertEquals(Set.of(), missing, "the dashboard queries metrics the proxy does not expose");
  }

  // ---- Prometheus' parser ----

  @Test
  void promtoolAcceptsTheScrape() {
    Path promtool = Promtool.find().orElse(null);
    assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");
    Promtool.Result all = Promtool.checkMetrics(promtool, busyScrape());
    // 0: clean; 3: parsed, with lint remarks. Only Micrometer's JVM/process names may draw remarks.
    assertTrue(all.exitCode() == 0 || all.exitCode() == 3, all.toString());
    for (String remark : all.lines()) {
      assertFalse(remark.contains("error"), all.output());
      assertTrue(remark.matches("(jvm|process|system)_\\S+ .*"), "lint remark on a metric of ours: " + remark);
    }
    StringBuilder ours = new StringBuilder();
    for (String line : busyScrape().split("\n")) {
      if (line.startsWith("ferrum_") || line.startsWith("# HELP ferrum_") || line.startsWith("# TYPE ferrum_")) {
        ours.append(line).append('\n');
      }
    }
    Promtool.Result strict = Promtool.checkMetrics(promtool, ours.toString());
    assertEquals(0, strict.exitCode(), strict.output());
  }

  // ---- escaping ----

  private static String escapedScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("escape.test").description("A counter whose label value needs escaping.")
        .tag("value", "say \"hi\"\nback\\slash").register(registry).increment();
    return registry.scrape();
  }

  @Test
  void labelValuesAreEscapedInTheScrape() {
    String s = escapedScrape();
    assertTrue(s.contains("escape_test_total{value=\"say \\\"hi\\\"\\nback\\\\slash\"} 1.0\n"), s);
  }

  @Test
  void promtoolAcceptsEscapedLabelValues() {
    Path promtool = Promtool.find().orElse(null);
    assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");
    Promtool.Result r = Promtool.checkMetrics(promtool, escapedScrape());
    assertEquals(0, r.exitCode(), r.output());
    // And the parser does reject what an unescaped value would look like.
    Promtool.Result broken = Promtool.checkMetrics(promtool,
        "# HELP x_total x\n# TYPE x_total counter\nx_total{value=\"say \"hi\"\"} 1.0\n");
    assertEquals(1, broken.exitCode(), broken.output());
  }
}
