package dev.ferrum.proxy.config;

import dev.ferrum.proxy.support.YamlConfigs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated and mutated configs: the loader never throws anything but a {@link ConfigException},
 * no reader throws (which the loader would turn into its catch-all line), and every error it
 * reports names a key path (or, for text that is not YAML, the file).
 * Seeded, so a failure can be replayed.
 */
class ConfigFuzzTest {

  /** "<key path>: <problem>": the path is the document's own keys (whatever they are), dot- and index-joined. */
  private static final Pattern KEY_PATH_ERROR = Pattern.compile("^[^\\s.\\[][^\\n]*?: \\S.*");
  private static final String[] KEYS = {"server", "port", "host", "routes", "path_prefix", "backends", "balancing",
      "health_check", "interval_sec", "endpoint", "retry", "max_attempts", "upstream", "debug", "auth_token",
      "access_log", "format", "retry_on_statuses", "failure_threshold", "strip_prefix", "x", "deadline_ms"};

  @Test
  void randomDocumentsNeverCrashTheLoader() {
    Random rnd = new Random(20261130);
    for (int i = 0; i < 400; i++) {
      String doc = randomValue(rnd, 0, true);
      check(doc, "seed 20261130 doc " + i);
    }
  }

  @Test
  void mutationsOfARealConfigNeverCrashTheLoader() {
    Random rnd = new Random(7);
    String[] lines = ConfigLoaderTest.ORIGINAL.split("\n");
    for (int i = 0; i < 400; i++) {
      List<String> m = new ArrayList<>(List.of(lines));
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = rnd.nextInt(m.size());
        String line = m.get(at);
        switch (rnd.nextInt(8)) {
          case 0 -> m.remove(at);
          case 1 -> m.set(at, line.replaceFirst(":\\s.*$", ": " + randomScalar(rnd)));
          case 2 -> m.set(at, line.replaceFirst("[a-z_]+:", KEYS[rnd.nextInt(KEYS.length)] + ":"));
          case 3 -> m.add(at, line.replaceAll("\\S.*", "") + KEYS[rnd.nextInt(KEYS.length)] + ": " + randomScalar(rnd));
          case 4 -> m.set(at, line.replaceFirst(":\\s.*$", ": " + randomValue(rnd, 0, false)));
          case 5 -> m.set(at, insertJunk(rnd, line));
          case 6 -> m.set(at, line.replaceFirst("^(\\s*- ).*$", "$1" + randomValue(rnd, 0, false)));
          default -> m.set(at, " " + line);
        }
      }
      check(String.join("\n", m) + "\n", "seed 7 mutation " + i);
    }
  }

  @Test
  void hugeNumbersAndDeepNestingAreNamed() {
    List<String> errors = YamlConfigs.errors(ConfigLoaderTest.MINIMAL.replace("port: 8080", "port: 123456789012345678901234567890"));
    assertTrue(errors.get(0).startsWith("server.port: "), errors.toString());
    StringBuilder deep = new StringBuilder("server:\n  port: 1\n  host: 127.0.0.1\n  nested: ");
    for (int i = 0; i < 200; i++) {
      deep.append("[");
    }
    deep.append("1");
    for (int i = 0; i < 200; i++) {
      deep.append("]");
    }
    errors = YamlConfigs.errors(deep + "\n");
    assertFalse(errors.isEmpty());
    for (String e : errors) {
      assertFalse(e.contains("\n"), e);
    }
  }

  private static void check(String doc, String label) {
    try {
      YamlConfigs.load(doc);
    } catch (ConfigException e) {
      for (String err : e.errors()) {
        // The loader turns any exception of a reader into this line, which would match the key path pattern.
        if (err.startsWith(ConfigLoader.UNREADABLE)) {
          fail(label + ": a reader threw: " + err + "\n--- document ---\n" + doc);
        }
        if (!(KEY_PATH_ERROR.matcher(err).matches() || err.startsWith("config file "))) {
          fail(label + ": error without a key path: " + err + "\n--- document ---\n" + doc);
        }
        assertFalse(err.contains("\n"), label + ": multi-line error: " + err);
      }
    } catch (RuntimeException e) {
      fail(label + ": unexpected " + e + "\n--- document ---\n" + doc, e);
    }
  }

  private static String insertJunk(Random rnd, String line) {
    String[] junk = {"{", "}", "[", "]", ":", "- ", "\"", "'", "&a", "*a", "!!binary ", "\t", "%", "#", "|", ">", "\\u0000"};
    int at = rnd.nextInt(line.length() + 1);
    return line.substring(0, at) + junk[rnd.nextInt(junk.length)] + line.substring(at);
  }

  private static String randomScalar(Random rnd) {
    return switch (rnd.nextInt(10)) {
      case 0 -> Long.toString(rnd.nextLong());
      case 1 -> "-" + rnd.nextInt(1000);
      case 2 -> "99999999999999999999999999";
      case 3 -> Double.toString(rnd.nextDouble() * 1e6);
      case 4 -> "true";
      case 5 -> "null";
      case 6 -> "\"" + "x".repeat(rnd.nextInt(200)) + "\"";
      case 7 -> "http://127.0.0.1:" + rnd.nextInt(70000);
      case 8 -> "/" + KEYS[rnd.nextInt(KEYS.length)];
      default -> "2026-11-30";
    };
  }

  /** A JSON text (YAML accepts JSON) of random shape. */
  private static String randomValue(Random rnd, int depth, boolean topMapping) {
    int kind = topMapping ? 0 : depth > 4 ? 2 : rnd.nextInt(4);
    switch (kind) {
      case 0: {
        StringBuilder b = new StringBuilder("{");
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            b.append(", ");
          }
          b.append('"').append(KEYS[rnd.nextInt(KEYS.length)]).append("\": ").append(randomValue(rnd, depth + 1, false));
        }
        return b.append('}').toString();
      }
      case 1: {
        StringBuilder b = new StringBuilder("[");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            b.append(", ");
          }
          b.append(randomValue(rnd, depth + 1, false));
        }
        return b.append(']').toString();
      }
      default:
        String s = randomScalar(rnd);
        return s.startsWith("\"") || s.matches("-?\\d+(\\.\\d+)?(E\\d+)?|true|null") ? s : "\"" + s + "\"";
    }
  }
}
