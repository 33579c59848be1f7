package dev.ferrum.proxy.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code scripts/bench --smoke} end to end: every target and scenario gets a measured row in
 * report.md. Runs only where wrk, nginx and haproxy are installed (CI does not install them);
 * {@code FERRUM_SKIP_BENCH_IT=1} skips it anyway. Takes about 40 s and both cores.
 */
class BenchSmokeIT {

  static final List<String> TARGETS = List.of(
      "direct", "ferrum", "ferrum_logged", "ferrum_nometrics", "nginx", "haproxy");
  static final List<String> SCENARIOS = List.of("healthy_get", "large_response", "upload_post",
      "retry_get", "many_connections", "new_connection_per_request");

  /** Where scripts/bench looks for tools: PATH, then the sbin directories Debian uses. */
  static boolean installed(String tool) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool))
        .anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
  }

  @Test
  void smokeRunReportsEveryTargetAndScenario(@TempDir Path results) throws Exception {
    Assumptions.assumeFalse("1".equals(System.getenv("FERRUM_SKIP_BENCH_IT")), "FERRUM_SKIP_BENCH_IT=1");
    for (String tool : List.of("python3", "wrk", "nginx", "haproxy")) {
      Assumptions.assumeTrue(installed(tool), tool + " is not installed");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Path output = results.resolve("bench-output.txt");
    Process p = new ProcessBuilder("python3", "scripts/bench", "--smoke", "--skip-build", "--targets", String.join(",", TARGETS),
        "--ferrum-java", java, "--results-dir", results.resolve("runs").toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(150, TimeUnit.SECONDS)) {
      p.destroy(); // SIGTERM: the runner stops everything it started
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      fail("scripts/bench --smoke did not finish within 150 s:\n" + read(output));
    }
    String out = read(output);
    assertEquals(0, p.exitValue(), out);

    Path report;
    try (Stream<Path> runs = Files.list(results.resolve("runs"))) {
      List<Path> dirs = runs.toList();
      assertEquals(1, dirs.size(), "one run directory: " + dirs);
      report = dirs.get(0).resolve("report.md");
    }
    assertTrue(Files.isRegularFile(report), "no report.md; output:\n" + out);
    String md = read(report);

    // scenario -> target -> the row's cells
    Map<String, Map<String, String[]>> rows = new HashMap<>();
    String section = null;
    for (String line : md.split("\n")) {
      if (line.startsWith("## ")) {
        section = line.substring(3).trim();
      } else if (section != null && line.startsWith("| ") && !line.startsWith("| target")) {
        String[] cells = line.substring(1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.computeIfAbsent(section, k -> new HashMap<>()).put(cells[0], cells);
      }
    }
    for (String scenario : SCENARIOS) {
      Map<String, String[]> table = rows.get(scenario);
      assertTrue(table != null, "no table for " + scenario + " in:\n" + md);
      for (String target : TARGETS) {
        String[] cells = table.get(target);
        assertTrue(cells != null, "no row for " + target + " in " + scenario + ":\n" + md);
        assertTrue(cells[1].matches("\\d+"), scenario + "/" + target + " req/s is '" + cells[1] + "':\n" + md);
        assertTrue(Double.parseDouble(cells[1]) > 0, scenario + "/" + target + " measured no requests:\n" + md);
      }
    }
    assertTrue(out.contains("## healthy_get"), "the report is printed to stdout:\n" + out);
  }

  static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file + ")";
  }
}
