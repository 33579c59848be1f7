package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import static dev.ferrum.proxy.config.ConfigValues.asList;
import static dev.ferrum.proxy.config.ConfigValues.asLong;
import static dev.ferrum.proxy.config.ConfigValues.asMap;
import static dev.ferrum.proxy.config.ConfigValues.describe;

/**
 * One YAML mapping being read, with its key path. Every read marks the key as known, so
 * {@link #finish()} can report each key that nobody asked for; every problem goes into the shared
 * error list as {@code <path>: <problem>} and a default is returned so reading can go on and
 * collect all errors of a file in one pass.
 */
final class ConfigNode {

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

  /**
   * Runs a record's constructor, whose own checks word a refusal as {@code <key>: <problem>}
   * relative to this mapping; a refusal is reported here and gives null. A key that already has
   * an error is not reported twice: the reader handed the record its placeholder for that key.
   */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(": ");
      if (colon <= 0) {
        // Not a record's own check: a bug, which must not pass for a config error.
        throw e;
      }
      String key = keyPath(message.substring(0, colon));
      if (errors.stream().noneMatch(err -> err.startsWith(key + ": ") || err.startsWith(key + "["))) {
        errors.add(key + message.substring(colon));
      }
      return null;
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

  /** An integer within the bounds; absent or refused gives def. */
  long integer(String key, long def, Bounds bounds, boolean required) {
    OptionalLong n = optionalInteger(key, bounds, required);
    return n.isPresent() ? n.getAsLong() : def;
  }

  /** An integer within the bounds; empty when absent or refused (and then reported). */
  OptionalLong optionalInteger(String key, Bounds bounds, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        error(key, "missing (required)");
      }
      return OptionalLong.empty();
    }
    Long n = asLong(v);
    if (n == null) {
      error(key, describe(v) + " (expected: an integer " + bounds + ")");
      return OptionalLong.empty();
    }
    if (!bounds.contains(n)) {
      error(key, n + " (expected: " + bounds + ")");
      return OptionalLong.empty();
    }
    return OptionalLong.of(n);
  }

  long millis(String key, long def, boolean required) {
    return integer(key, def, Bounds.MILLIS, required);
  }

  /** A duration the mapping may leave unset, so that it inherits one from elsewhere. */
  OptionalLong optionalMillis(String key) {
    return optionalInteger(key, Bounds.MILLIS, false);
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

  /** A list of strings, a refused item left as null so later messages keep its index; null when absent. */
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
        out.add(null);
      }
    }
    return out;
  }
}
