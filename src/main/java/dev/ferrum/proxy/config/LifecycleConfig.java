package dev.ferrum.proxy.config;

/**
 * How the process starts, follows its config file and stops ({@code server:}).
 *
 * @param gracefulShutdownTimeoutMs on SIGTERM/SIGINT, how long in-flight requests may take to finish
 * @param failOnStartupDeadPool exit at startup when a route has no backend passing its first check
 * @param configScanPeriodMs how often the config file is checked for changes
 */
public record LifecycleConfig(long gracefulShutdownTimeoutMs, boolean failOnStartupDeadPool, long configScanPeriodMs) {

  static final Bounds SCAN_PERIOD = new Bounds(100, 3_600_000);

  public static final LifecycleConfig DEFAULT = new LifecycleConfig(30_000, false, 2_000);

  public LifecycleConfig {
    Bounds.MILLIS.check("graceful_shutdown_timeout_ms", gracefulShutdownTimeoutMs);
    SCAN_PERIOD.check("config_scan_period_ms", configScanPeriodMs);
  }
}
