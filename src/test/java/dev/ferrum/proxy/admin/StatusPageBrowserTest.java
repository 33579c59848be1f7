package dev.ferrum.proxy.admin;

import dev.ferrum.proxy.support.Chromium;
import dev.ferrum.proxy.support.Eventually;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real headless Chromium: it renders the proxy's routes and backends, shows
 * a request rate computed from two polls, follows a backend going DOWN and UP within about one
 * refresh of the health checker's decision, passes the page's {@code access_token} on to its
 * {@code status.json} polls, and shows an error banner when a poll fails. Skipped when no Chromium
 * is installed ({@code apt-get install chromium}).
 */
class StatusPageBrowserTest {

  private static final String TOKEN = "browser-test-token";
  private static final int REFRESH_SEC = 1;
  /** From the checker's decision to the page showing it: one refresh, plus slack for a loaded machine. */
  private static final Duration ONE_REFRESH = Duration.ofMillis(REFRESH_SEC * 1000L + 3000);

  /** Reads everything the assertions look at in one evaluation, as a JSON string. */
  private static final String PAGE_STATE = """
      (function () {
        function text(el) { return el ? el.textContent.trim() : null; }
        function cell(row, cls) { return text(row.querySelector('td.' + cls)); }
        function value(row, cls) {
          var td = row.querySelector('td.' + cls);
          return td && td.hasAttribute('data-value') ? Number(td.getAttribute('data-value')) : null;
        }
        var banner = document.getElementById('error-banner');
        var out = {
          title: document.title,
          h1: text(document.querySelector('h1')),
          routeHeaders: Array.prototype.map.call(document.querySelectorAll('#routes thead th'), text),
          backendHeaders: Array.prototype.map.call(document.querySelectorAll('#backends thead th'), text),
          generation: text(document.getElementById('generation')),
          reload: text(document.getElementById('reload-result')),
          updated: text(document.getElementById('updated')),
          errorShown: !!banner && !banner.hidden,
          problems: window.__problems || ['no recorder'],
          error: text(banner),
          routes: {},
          backends: {}
        };
        document.querySelectorAll('#routes tbody tr[data-route]').forEach(function (r) {
          out.routes[r.getAttribute('data-route')] = {
            balancing: cell(r, 'balancing'), up: cell(r, 'backends-up'),
            reqRate: value(r, 'req-rate'), reqRateText: cell(r, 'req-rate'),
            p50: cell(r, 'p50'), p99: cell(r, 'p99'), requests: value(r, 'requests')
          };
        });
        document.querySelectorAll('#backends tbody tr[data-backend]').forEach(function (r) {
          var since = r.querySelector('td.since');
          out.backends[r.getAttribute('data-backend')] = {
            state: cell(r, 'state'), dataState: r.getAttribute('data-state'), cls: r.className,
            since: cell(r, 'since'), sinceTitle: since ? since.title : null,
            consecutive: cell(r, 'consecutive'), lastCheck: cell(r, 'last-check'), routes: cell(r, 'routes')
          };
        });
        return JSON.stringify(out);
      })()""";

  @Test
  void statusPageRendersAndFollowsBackendHealth() throws Exception {
    Path binary = Chromium.find().orElse(null);
    assumeTrue(binary != null, "chromium is not installed (/usr/bin/chromium or chromium on PATH)");

    Vertx backendVertx = Vertx.vertx();
    ProxyHarness proxy = null;
    Chromium chromium = null;
    try {
      TestBackend a = TestBackend.start(backendVertx, "a");
      TestBackend b = TestBackend.start(backendVertx, "b");
      proxy = ProxyHarness.start("""
          server:
            port: ${port}
            host: 127.0.0.1
            instances: 2
          routes:
            - path_prefix: /api
              backends: [%s, %s]
          health_check:
            interval_sec: 1
            endpoint: /health
            check_timeout_ms: 1000
            failure_threshold: 1
            recovery_threshold: 1
          debug:
            auth_token: %s
          access_log:
            enabled: false
          """.formatted(a.url(), b.url(), TOKEN));
      final ProxyHarness p = proxy;

      // The endpoints behind the page need the token; the page gets it in its own URL.
      assertEquals(401, proxy.get("/status").status());
      assertEquals(401, proxy.get("/status.json").status());

      chromium = Chromium.launch(binary, Duration.ofSeconds(20));
      Chromium.Page page = chromium.firstPage();
      // Record CSP violations and script errors from the first moment of the document on.
      page.send("Page.enable", new JsonObject());
      page.send("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source", """
          window.__problems = [];
          document.addEventListener('securitypolicyviolation', function (e) {
            window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI);
          });
          window.addEventListener('error', function (e) { window.__problems.push('error ' + e.message); });
          """));
      page.navigate("http://127.0.0.1:" + proxy.port + "/status?refresh=" + REFRESH_SEC + "&access_token=" + TOKEN);

      // 1. It renders: title, headers, the route, both backends UP.
      JsonObject s = awaitPage(page, Duration.ofSeconds(15), "both backends shown UP",
          st -> state(st, a.url()).startsWith("UP") && state(st, b.url()).startsWith("UP"));
      assertTrue(s.getString("title").contains("ferrum-proxy"), s.encodePrettily());
      assertTrue(s.getString("h1").startsWith("ferrum-proxy"), s.encodePrettily());
      assertTrue(s.getJsonArray("routeHeaders").contains("Req/s"), s.encodePrettily());
      assertTrue(s.getJsonArray("backendHeaders").contains("Status"), s.encodePrettily());
      assertEquals("1", s.getString("generation"));
      assertEquals("ok", s.getString("reload"));
      assertEquals(false, s.getBoolean("errorShown"), s.encodePrettily());
      assertEquals(new JsonArray(), s.getJsonArray("problems"), "CSP violations or script errors");
      JsonObject route = s.getJsonObject("routes").getJsonObject("/api");
      assertEquals("round_robin", route.getString("balancing"));
      assertEquals("2 / 2", route.getString("up"));
      JsonObject backendA = s.getJsonObject("backends").getJsonObject(a.url());
      assertEquals("up", backendA.getString("cls"));
      assertEquals("healthy", backendA.getString("dataState"));
      assertTrue(backendA.getString("since").matches("\\d+s ago"), backendA.encode());
      assertTrue(!backendA.getString("sinceTitle").isEmpty(), backendA.encode());
      assertTrue(backendA.getString("lastCheck").startsWith("200"), backendA.encode());
      assertEquals("/api", backendA.getString("routes"));

      // The page's arithmetic: Prometheus' histogram_quantile on the difference of two polls.
      JsonObject math = new JsonObject((String) page.evaluate("""
          (function (f) {
            var h = [{le: 0.001, n: 0}, {le: 0.0025, n: 10}, {le: Infinity, n: 10}];
            var tail = [{le: 0.1, n: 50}, {le: 0.25, n: 99}, {le: Infinity, n: 100}];
            return JSON.stringify({
              median: f.quantile(0.5, h), p99: f.quantile(0.99, tail), beyond: f.quantile(0.995, tail),
              empty: f.quantile(0.5, [{le: 0.1, n: 0}, {le: Infinity, n: 0}]),
              delta: f.bucketDeltas([{le: 0.1, n: 7}, {le: Infinity, n: 9}], [{le: 0.1, n: 2}, {le: Infinity, n: 3}]),
              restarted: f.bucketDeltas([{le: 0.1, n: 1}, {le: Infinity, n: 1}], [{le: 0.1, n: 2}, {le: Infinity, n: 3}])
            });
          })(window.ferrumStatus)"""));
      assertEquals(0.00175, math.getJsonObject("median").getDouble("value"), 1e-12, math.encode());
      assertEquals(0.25, math.getJsonObject("p99").getDouble("value"), 1e-12, math.encode());
      assertEquals(false, math.getJsonObject("p99").getBoolean("over"), math.encode());
      assertEquals(true, math.getJsonObject("beyond").getBoolean("over"), math.encode());
      assertEquals(null, math.getValue("empty"), math.encode());
      assertEquals(new JsonArray().add(new JsonObject().put("le", 0.1).put("n", 5))
          .add(new JsonObject().put("le", (Object) null).put("n", 6)), math.getJsonArray("delta"), math.encode());
      assertEquals(null, math.getValue("restarted"), math.encode());

      // 2. Traffic through the proxy shows up as a request rate and latency percentiles.
      int[] sent = {0};
      s = awaitPage(page, Duration.ofSeconds(15), "a non-zero request rate on /api", st -> {
        for (int i = 0; i < 5; i++) {
          assertEquals(200, p.get("/api/x" + sent[0]++).status());
        }
        JsonObject r = st.getJsonObject("routes").getJsonObject("/api");
        return r != null && r.getDouble("reqRate") != null && r.getDouble("reqRate") > 0
            && !"–".equals(r.getString("p50")) && !"–".equals(r.getString("p99"));
      });
      route = s.getJsonObject("routes").getJsonObject("/api");
      assertTrue(route.getString("p50").matches("[0-9.]+ (ms|s)"), route.encode());
      assertTrue(route.getLong("requests") > 0, route.encode());

      // 3. Backend b fails its checks: the page shows it DOWN within about one refresh of the decision.
      b.healthStatus(503);
      ProxyHarness.eventually(Duration.ofSeconds(10), "the checker marks b unhealthy",
          () -> "unhealthy".equals(checkerState(p, b.url())));
      long marked = System.nanoTime();
      s = awaitPage(page, ONE_REFRESH, "b shown DOWN", st -> state(st, b.url()).startsWith("DOWN"));
      long shownAfterMs = (System.nanoTime() - marked) / 1_000_000;
      JsonObject backendB = s.getJsonObject("backends").getJsonObject(b.url());
      assertEquals("DOWN unhealthy", backendB.getString("state"), backendB.encode());
      assertEquals("down", backendB.getString("cls"));
      assertTrue(backendB.getString("lastCheck").startsWith("503"), backendB.encode());
      assertTrue(backendB.getString("consecutive").matches("[1-9]\\d* / 0"), backendB.encode());
      assertTrue(state(s, a.url()).startsWith("UP"), s.encodePrettily());
      assertEquals("1 / 2", s.getJsonObject("routes").getJsonObject("/api").getString("up"));
      assertTrue(s.getString("title").startsWith("(1 DOWN)"), s.getString("title"));
      System.out.println("status page showed DOWN " + shownAfterMs + " ms after the checker's decision");
      assertEquals(new JsonArray(), s.getJsonArray("problems"), "CSP violations or script errors");
      screenshot(page);

      // 4. And UP again once it passes a check.
      b.healthStatus(200);
      ProxyHarness.eventually(Duration.ofSeconds(10), "the checker marks b healthy",
          () -> "healthy".equals(checkerState(p, b.url())));
      awaitPage(page, ONE_REFRESH, "b shown UP again", st -> state(st, b.url()).startsWith("UP"));

      // 5. A failed poll is shown, and the last data stays.
      proxy.close();
      proxy = null;
      s = awaitPage(page, Duration.ofSeconds(10), "the error banner", st -> st.getBoolean("errorShown"));
      assertTrue(s.getString("error").startsWith("Update failed"), s.getString("error"));
      assertTrue(s.getJsonObject("backends").containsKey(a.url()), s.encodePrettily());
    } finally {
      if (chromium != null) {
        chromium.close();
      }
      if (proxy != null) {
        proxy.close();
      }
      backendVertx.close();
    }
  }

  private static String state(JsonObject pageState, String backend) {
    JsonObject b = pageState.getJsonObject("backends").getJsonObject(backend);
    return b == null || b.getString("state") == null ? "" : b.getString("state");
  }

  private static String checkerState(ProxyHarness proxy, String backend) {
    Resp r = proxy.request(HttpMethod.GET, "/health/backends", Map.of("Authorization", "Bearer " + TOKEN), null);
    for (Object o : new JsonObject(r.body()).getJsonArray("backends", new JsonArray())) {
      JsonObject b = (JsonObject) o;
      if (backend.equals(b.getString("backend"))) {
        return b.getString("state");
      }
    }
    return null;
  }

  /** Polls the rendered page until {@code condition} holds; fails with the last state seen. */
  private static JsonObject awaitPage(Chromium.Page page, Duration timeout, String what,
      Predicate<JsonObject> condition) throws InterruptedException {
    AtomicReference<Object> seen = new AtomicReference<>();
    try {
      return Eventually.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
        Object v = page.evaluate(PAGE_STATE);
        seen.set(v);
        return v instanceof String json ? new JsonObject(json) : null;
      }, state -> state != null && condition.test(state));
    } catch (ConditionTimeoutException e) {
      Object v = seen.get();
      throw new AssertionError("timed out after " + timeout + " waiting for: " + what + "; page state: "
          + (v instanceof String json ? new JsonObject(json).encodePrettily() : v), e);
    }
  }

  /** target/status-page.png, for a look at the page (CI can keep it as an artifact). */
  private static void screenshot(Chromium.Page page) {
    try {
      Path target = Path.of("target");
      if (Files.isDirectory(target)) {
        page.screenshot(target.resolve("status-page.png"));
      }
    } catch (Exception e) {
      System.out.println("no screenshot: " + e);
    }
  }
}
