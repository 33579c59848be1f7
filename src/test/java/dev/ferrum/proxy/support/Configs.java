package dev.ferrum.proxy.support;

/** YAML builders for black-box tests: a proxy on {@code ${port}} with short, test-friendly timings. */
public final class Configs {

  private Configs() {
  }

  /** One route {@code /api} over the given backends, health checks every {@code intervalSec}. */
  public static String oneRoute(int intervalSec, String... backends) {
    return server() + "routes:\n  - path_prefix: /api\n    backends: [" + String.join(", ", backends) + "]\n"
        + health(intervalSec);
  }

  public static String server() {
    return "server:\n  port: ${port}\n  host: 127.0.0.1\n  instances: 2\n";
  }

  public static String health(int intervalSec) {
    return "health_check:\n  interval_sec: " + intervalSec + "\n  endpoint: /health\n  check_timeout_ms: 1000\n";
  }
}
