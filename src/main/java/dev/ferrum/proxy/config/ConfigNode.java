package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read, with its key path. Every read marks the key as known, so
 * {@link #finish()} can report each key that nobody asked for; every problem goes into the shared
 * error list as {@code <path>: <problem>} and a default is returned so reading can go on and
 * collect all errors of a file in one pass.
 */
final class ConfigNode {

  private static final long MAX_DURATION_MS = 7L * 24 * 3600 * 1000;

  private final String path;
  private final Map<String, Object> values;
  private final List<String> errors;
  private final Set<String> known = new LinkedHashSet<>();

  private ConfigNode(String path, Map<String, Object> values, List<String> errors) {
    this.path = path;
    this.values = values;
    this.errors = errors;
  }

  static ConfigNode root(JsonObject json, List<String> errors) {
    return new ConfigNode("", json.getMap(), errors);
  }

  String path() {
    return path;
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void error(String key, String message) {
    errors.add(keyPath(key) + ": " + message);
  }

  boolean has(String key) {
    known.add(key);
    return values.containsKey(key) && values.get(key) != null;
  }

  private Object raw(String key) {
    known.add(key);
    return values.get(key);
  }

  /** Reports every key of this mapping that no reader asked for. */
  void finish() {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        errors.add(keyPath(key) + ": unknown key");
      }
    }
  }

  /** A nested mapping, or null (after reporting) when the value is absent or not a mapping. */
  ConfigNode section(String key, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        error(key, "missing (required section)");
      }
      return null;
    }
    Map<String, Object> map = asMap(v);
    if (map == null) {
      error(key, describe(v) + " (expected: a mapping of keys to values)");
      return null;
    }
    return new ConfigNode(keyPath(key), map, errors);
  }

  /** The mappings of a list; entries that are not mappings are reported and skipped. */
  List<ConfigNode> sectionList(String key, boolean required) {
    Object v = raw(key);
    List<ConfigNode> out = new ArrayList<>();
    if (v == null) {
      if (required) {
        error(key, "missing (required list)");
      }
      return out;
    }
    List<?> list = asList(v);
    if (list == null) {
      error(key, describe(v) + " (expected: a list)");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> map = asMap(list.get(i));
      String itemPath = keyPath(key) + "[" + i + "]";
      if (map == null) {
        errors.add(itemPath + ": " + describe(list.get(i)) + " (expected: a mapping of keys to values)");
      } else {
        out.add(new ConfigNode(itemPath, map, errors));
      }
    }
    return out;
  }

  String string(String key, String def, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        error(key, "missing (required)");
      }
      return def;
    }
    if (!(v instanceof String s)) {
      error(key, describe(v) + " (expected: a string)");
      return def;
    }
    return s;
  }

  boolean bool(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Boolean b)) {
      error(key, describe(v) + " (expected: true or false)");
      return def;
    }
    return b;
  }

  /** An integer in [min, max]; absent gives def (which may be outside the range as a marker). */
  long integer(String key, long def, long min, long max, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        error(key, "missing (required)");
      }
      return def;
    }
    Long n = asLong(v);
    if (n == null) {
      error(key, describe(v) + " (expected: an integer " + range(min, max) + ")");
      return def;
    }
    if (n < min || n > max) {
      error(key, n + " (expected: " + range(min, max) + ")");
      return def;
    }
    return n;
  }

  /** A duration in milliseconds, strictly positive, at most a week. */
  long millis(String key, long def, boolean required) {
    return integer(key, def, 1, MAX_DURATION_MS, required);
  }

  /** Like {@link #millis} but absent gives -1, meaning "inherit". */
  long optionalMillis(String key) {
    return integer(key, -1, 1, MAX_DURATION_MS, false);
  }

  /** A list of HTTP status codes; null when absent. */
  List<Integer> statuses(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    List<?> list = asList(v);
    if (list == null) {
      error(key, describe(v) + " (expected: a list of status codes 100-599)");
      return null;
    }
    List<Integer> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Long n = asLong(list.get(i));
      if (n == null || n < 100 || n > 599) {
        errors.add(keyPath(key) + "[" + i + "]: " + describe(list.get(i)) + " (expected: a status code 100-599)");
      } else {
        out.add(n.intValue());
      }
    }
    return out;
  }

  /** A list of strings; null when absent. */
  List<String> strings(String key, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        error(key, "missing (required list)");
      }
      return null;
    }
    List<?> list = asList(v);
    if (list == null) {
      error(key, describe(v) + " (expected: a list of strings)");
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item instanceof String s) {
        out.add(s);
      } else {
        errors.add(keyPath(key) + "[" + i + "]: " + describe(item) + " (expected: a string)");
      }
    }
    return out;
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE) {
      return ">= " + min;
    }
    return min + "-" + max;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object v) {
    if (v instanceof JsonObject j) {
      return j.getMap();
    }
    if (v instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          return null;
        }
      }
      return (Map<String, Object>) m;
    }
    return null;
  }

  private static List<?> asList(Object v) {
    if (v instanceof JsonArray a) {
      return a.getList();
    }
    if (v instanceof List<?> l) {
      return l;
    }
    return null;
  }

  private static Long asLong(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      // Too big for a long is out of every range we accept: clamp so the range check names it.
      return b.bitLength() < 64 ? b.longValue() : (b.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }
    return null;
  }

  /** Renders a bad value for an error message: bounded in length, control characters escaped. */
  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Map<?, ?> || v instanceof JsonObject) {
      return "a mapping";
    }
    if (v instanceof List<?> || v instanceof JsonArray) {
      return "a list";
    }
    if (v instanceof BigInteger b && b.bitLength() >= 64) {
      return "an integer out of range";
    }
    return quoteBare(String.valueOf(v));
  }

  static String quote(String s) {
    return "\"" + escape(s) + "\"";
  }

  private static String quoteBare(String s) {
    return escape(s);
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 80) + 2);
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 80) {
      b.append("...");
    }
    return b.toString();
  }
}
