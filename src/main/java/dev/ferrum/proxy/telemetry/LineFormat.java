package dev.ferrum.proxy.telemetry;

/** Escaping for logfmt and JSON log lines: no value can break a line or forge a field. */
final class LineFormat {

  private LineFormat() {
  }

  static void logfmtValue(StringBuilder b, Object value) {
    if (value == null) {
      b.append('-');
      return;
    }
    if (value instanceof Number || value instanceof Boolean) {
      b.append(value);
      return;
    }
    String s = value.toString();
    if (!needsQuotes(s)) {
      b.append(s);
      return;
    }
    b.append('"');
    escapeInto(b, s);
    b.append('"');
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) {
        return true;
      }
    }
    return false;
  }

  static void jsonValue(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      b.append(value);
    } else {
      jsonString(b, value.toString());
    }
  }

  static void jsonString(StringBuilder b, String s) {
    b.append('"');
    escapeInto(b, s);
    b.append('"');
  }

  private static void escapeInto(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else {
            b.append(c);
          }
        }
      }
    }
  }
}
