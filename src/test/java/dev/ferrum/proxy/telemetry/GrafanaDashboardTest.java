package dev.ferrum.proxy.telemetry;

import dev.ferrum.proxy.support.Promtool;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/grafana-dashboard.json: a dashboard Grafana can import as it is (a Prometheus data source
 * variable, unique panel ids, every query on that data source), whose every PromQL expression
 * parses ({@code promtool check rules}, skipped without promtool). That it only names metrics the
 * proxy exposes is checked against a live scrape in {@link MetricsExpositionTest}.
 */
class GrafanaDashboardTest {

  static final Path FILE = Path.of("docs/grafana-dashboard.json");

  static JsonObject dashboard() throws IOException {
    return new JsonObject(Files.readString(FILE));
  }

  /** All panels, those nested in collapsed rows included. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : dashboard.getJsonArray("panels")) {
      JsonObject p = (JsonObject) o;
      out.add(p);
      for (Object nested : p.getJsonArray("panels", new JsonArray())) {
        out.add((JsonObject) nested);
      }
    }
    return out;
  }

  /** Every PromQL expression: panel targets, annotations, and the selectors inside label_values(). */
  static List<String> expressions(JsonObject dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonObject p : panels(dashboard)) {
      for (Object t : p.getJsonArray("targets", new JsonArray())) {
        out.add(((JsonObject) t).getString("expr"));
      }
    }
    for (Object a : dashboard.getJsonObject("annotations").getJsonArray("list")) {
      String expr = ((JsonObject) a).getString("expr");
      if (expr != null) {
        out.add(expr);
      }
    }
    for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
      String def = ((JsonObject) v).getString("definition");
      if (def != null && def.startsWith("label_values(")) {
        String args = def.substring("label_values(".length(), def.lastIndexOf(')'));
        out.add(args.substring(0, args.lastIndexOf(',')).trim());
      }
    }
    return out;
  }

  @Test
  void isAnImportableDashboard() throws IOException {
    JsonObject d = dashboard();
    assertEquals("ferrum-proxy", d.getString("uid"));
    assertNotNull(d.getString("title"));
    assertTrue(d.getInteger("schemaVersion") >= 30);
    assertTrue(d.getValue("id") == null, "an exported dashboard carries no database id");

    JsonObject datasourceVar = null;
    for (Object o : d.getJsonObject("templating").getJsonArray("list")) {
      JsonObject v = (JsonObject) o;
      if ("datasource".equals(v.getString("type"))) {
        datasourceVar = v;
      }
    }
    assertNotNull(datasourceVar, "a data source variable");
    assertEquals("prometheus", datasourceVar.getString("query"));
    String ref = "${" + datasourceVar.getString("name") + "}";

    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonObject p : panels(d)) {
      assertTrue(ids.add(p.getInteger("id")), "duplicate panel id " + p.getInteger("id"));
      JsonObject grid = p.getJsonObject("gridPos");
      assertNotNull(grid, p.getString("title"));
      assertTrue(grid.getInteger("x") + grid.getInteger("w") <= 24, "panel wider than the grid: " + p.getString("title"));
      if ("row".equals(p.getString("type"))) {
        continue;
      }
      assertFalse(p.getString("title", "").isBlank());
      assertEquals(ref, p.getJsonObject("datasource").getString("uid"), p.getString("title"));
      JsonArray targets = p.getJsonArray("targets");
      assertFalse(targets.isEmpty(), p.getString("title"));
      Set<String> refIds = new HashSet<>();
      for (Object t : targets) {
        JsonObject target = (JsonObject) t;
        assertEquals(ref, target.getJsonObject("datasource").getString("uid"), p.getString("title"));
        assertTrue(refIds.add(target.getString("refId")), "duplicate refId in " + p.getString("title"));
        assertFalse(target.getString("expr").isBlank(), p.getString("title"));
        queries++;
      }
    }
    assertTrue(queries >= 20, "queries: " + queries);

    List<JsonObject> all = panels(d);
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        JsonObject a = all.get(i).getJsonObject("gridPos");
        JsonObject b = all.get(j).getJsonObject("gridPos");
        boolean overlap = a.getInteger("x") < b.getInteger("x") + b.getInteger("w")
            && b.getInteger("x") < a.getInteger("x") + a.getInteger("w")
            && a.getInteger("y") < b.getInteger("y") + b.getInteger("h")
            && b.getInteger("y") < a.getInteger("y") + a.getInteger("h");
        assertFalse(overlap, "panels overlap: " + all.get(i).getString("title") + ", " + all.get(j).getString("title"));
      }
    }
  }

  @Test
  void everyExpressionParses() throws IOException {
    Path promtool = Promtool.find().orElse(null);
    assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");
    List<String> exprs = expressions(dashboard());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      // Grafana's variables as Prometheus sees them after interpolation.
      String promql = exprs.get(i)
          .replaceAll("\\$__(rate_interval|interval|range)", "5m")
          .replaceAll("\\$\\{?\\w+\\}?", ".*");
      rules.append("      - record: dashboard:expr_").append(i).append('\n')
          .append("        expr: ").append(Json.encode(promql)).append('\n'); // a JSON string is a YAML string
    }
    Path file = Files.createTempFile("ferrum-dashboard-", ".rules.yml");
    try {
      Files.writeString(file, rules.toString());
      Promtool.Result r = Promtool.checkRules(promtool, file);
      assertEquals(0, r.exitCode(), r.output() + "\n" + rules);
      assertTrue(r.output().contains("SUCCESS: " + exprs.size() + " rules found"), r.output());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
