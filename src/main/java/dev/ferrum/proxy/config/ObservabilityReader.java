package dev.ferrum.proxy.config;

import java.util.Locale;

/** Reads {@code debug:}, {@code access_log:} and {@code metrics:}, all optional. */
final class ObservabilityReader {

  private ObservabilityReader() {
  }

  static ObservabilityConfig read(ConfigNode root) {
    return new ObservabilityConfig(debug(root.section("debug", false)),
        accessLog(root.section("access_log", false)), metrics(root.section("metrics", false)));
  }

  private static DebugConfig debug(ConfigNode n) {
    if (n == null) {
      return new DebugConfig(true, true, null);
    }
    boolean health = n.bool("expose_backend_health", true);
    boolean metrics = n.bool("expose_metrics", true);
    String token = n.string("auth_token", null, false);
    if (token != null && token.trim().isEmpty()) {
      n.error("auth_token", "must not be empty when provided (remove the key to leave the endpoints open)");
      token = null;
    }
    n.finish();
    return new DebugConfig(health, metrics, token);
  }

  private static MetricsConfig metrics(ConfigNode n) {
    if (n == null) {
      return MetricsConfig.DEFAULT;
    }
    MetricsConfig m = new MetricsConfig(n.bool("vertx_http_metrics", false));
    n.finish();
    return m;
  }

  private static AccessLogConfig accessLog(ConfigNode n) {
    if (n == null) {
      return AccessLogConfig.DEFAULT;
    }
    boolean enabled = n.bool("enabled", true);
    String format = n.string("format", "logfmt", false);
    AccessLogConfig.Format f = switch (format.toLowerCase(Locale.ROOT)) {
      case "logfmt" -> AccessLogConfig.Format.LOGFMT;
      case "json" -> AccessLogConfig.Format.JSON;
      default -> {
        n.error("format", ConfigValues.quote(format) + " (expected: logfmt or json)");
        yield AccessLogConfig.Format.LOGFMT;
      }
    };
    n.finish();
    return new AccessLogConfig(enabled, f);
  }
}
