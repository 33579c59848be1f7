package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What a YAML value is, seen through the two shapes vertx-config hands over (Vert.x JSON types
 * at the top, plain maps and lists inside), and how a bad one is shown to the operator: bounded
 * in length and with control characters escaped, because the text goes into a single log line.
 */
final class ConfigValues {

  private static final int SHOWN_CHARS = 80;

  private ConfigValues() {
  }

  /** A mapping with string keys, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object v) {
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

  static List<?> asList(Object v) {
    if (v instanceof JsonArray a) {
      return a.getList();
    }
    if (v instanceof List<?> l) {
      return l;
    }
    return null;
  }

  /** An integral value as a long, or null (a fraction, a string and so on are not integers). */
  static Long asLong(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      // Too big for a long is out of every range we accept: clamp so the range check names it.
      return b.bitLength() < 64 ? b.longValue() : (b.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }
    return null;
  }

  /** Renders a bad value for an error message. */
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
    return escape(String.valueOf(v));
  }

  static String quote(String s) {
    return "\"" + escape(s) + "\"";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), SHOWN_CHARS) + 2);
    for (int i = 0; i < s.length() && i < SHOWN_CHARS; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > SHOWN_CHARS) {
      b.append("...");
    }
    return b.toString();
  }
}
