package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.config.ConfigException;
import dev.ferrum.proxy.config.ConfigSource;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.telemetry.Telemetry;
import dev.ferrum.proxy.tls.CertificateReport;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code java -jar ferrum-proxy.jar [--config FILE] [--check-config]}: reads and validates the
 * config before anything starts (a bad file is one line per problem and exit code 1), then hands
 * over to the Vert.x launcher, which builds Vert.x through our hooks and deploys the
 * {@link MainVerticle}. Arguments it does not know are passed on to the Vert.x launcher.
 */
public final class FerrumApplication extends VertxApplication implements VertxApplicationHooks {

  static final String DEFAULT_CONFIG = "conf/config.yaml";

  private final ProxyConfig config;
  private final String configPath;
  private final Telemetry telemetry;
  private volatile MainVerticle main;
  private volatile Vertx vertx;

  private FerrumApplication(String[] vertxArgs, ProxyConfig config, String configPath, Telemetry telemetry) {
    super(vertxArgs, null, true, false);
    this.config = config;
    this.configPath = configPath;
    this.telemetry = telemetry;
  }

  public static void main(String[] args) {
    // No WebSocket support yet: keep Vert.x from adding its WebSocket handlers to every connection.
    // Read once when Vert.x's HTTP server class loads, so it must be set before anything else.
    System.setProperty("vertx.disableWebsockets", "true");
    // A client may not renegotiate a TLS 1.2 session (each renegotiation costs the server a full
    // handshake: a cheap DoS). Read once, when the JDK's TLS classes load, so set before any.
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    CommandLine cli;
    try {
      cli = CommandLine.parse(args, System.getenv("FERRUM_CONFIG"));
    } catch (IllegalArgumentException e) {
      System.err.println("ferrum-proxy: " + e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (cli.help()) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    useLoggingConfig(cli);
    ProxyConfig cfg = loadOrExit(cli.configPath());
    checkCertificatesOrExit(cfg, cli.configPath(), cli.checkConfig());
    if (cli.checkConfig()) {
      long backends = cfg.backendHealthEndpoints().size();
      System.out.println("config OK: " + cli.configPath() + " (" + cfg.routes().size() + " routes, " + backends
          + " backends)");
      System.exit(0);
      return;
    }
    FerrumApplication app = new FerrumApplication(cli.vertxArgs(), cfg, cli.configPath(), Telemetry.create());
    int code = app.launch();
    if (code != 0) {
      System.exit(1);
      return;
    }
    Signals.install(app::reload, app::stop);
  }

  /** Reads and validates {@code path}; prints every problem and exits 1 when it is unusable. */
  private static ProxyConfig loadOrExit(String path) {
    Vertx tmp = Vertx.vertx();
    try {
      return new ConfigSource(tmp, path).loadOnce().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable t = e instanceof ConfigException ? e : e.getCause() != null ? e.getCause() : e;
      if (t instanceof ConfigException ce) {
        if (ce.errors().size() == 1) {
          System.err.println("ferrum-proxy: invalid config " + path + ": " + ce.errors().get(0));
        } else {
          System.err.println("ferrum-proxy: invalid config " + path + ": " + ce.errors().size() + " errors");
          for (String err : ce.errors()) {
            System.err.println("  " + err);
          }
        }
      } else {
        System.err.println("ferrum-proxy: cannot read config " + path + ": " + ConfigSource.describe(t));
      }
      System.exit(1);
      return null;
    } finally {
      tmp.close();
    }
  }

  /**
   * The listener's certificates: a key that does not load or fit, or a chain out of order, is one
   * line each and exit code 1; an expired or soon-expiring certificate is a warning (it is served).
   */
  private static void checkCertificatesOrExit(ProxyConfig cfg, String path, boolean checkOnly) {
    if (cfg.server().tls() == null) {
      return;
    }
    Vertx tmp = Vertx.vertx();
    CertificateReport report;
    try {
      report = CertificateReport.of(tmp, cfg.server().tls(), java.time.Instant.now());
    } finally {
      tmp.close();
    }
    for (String w : report.warnings()) {
      if (checkOnly) {
        System.out.println("warning: server.tls: " + w);
      } else {
        EventLog.warn("certificate_expiry", "problem", w);
      }
    }
    if (!report.problems().isEmpty()) {
      for (String p : report.problems()) {
        System.err.println("ferrum-proxy: invalid config " + path + ": server.tls: " + p);
      }
      System.exit(1);
    }
  }

  /** {@code conf/logback.xml} (or {@code --log-config FILE}) configures logging when present. */
  private static void useLoggingConfig(CommandLine cli) {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    String file = cli.logConfig() != null ? cli.logConfig() : "conf/logback.xml";
    if (Files.isRegularFile(Path.of(file))) {
      System.setProperty("logback.configurationFile", file);
    }
  }

  // ---- launcher hooks ----

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    return VertxSetup.builder(options, telemetry, config.metrics().vertxHttpMetrics());
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    vertx = context.vertx();
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> {
      MainVerticle m = new MainVerticle(config, configPath, telemetry);
      main = m;
      return m;
    };
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    System.err.println("ferrum-proxy: " + startupProblem(t));
    // Exit here, before the launcher logs the same failure again as a stack trace.
    System.exit(1);
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    System.err.println("ferrum-proxy: cannot start Vert.x: " + ConfigSource.describe(t));
    System.exit(1);
  }

  private String startupProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
        return "cannot listen on " + config.server().host() + ":" + config.server().port() + ": "
            + c.getMessage();
      }
    }
    return ConfigSource.describe(t);
  }

  private void reload() {
    MainVerticle m = main;
    if (m != null) {
      m.reloadNow();
    }
  }

  /** Drains and exits 0; runs on its own thread, so it may block. */
  private void stop() {
    MainVerticle m = main;
    Vertx v = vertx;
    try {
      if (m != null) {
        long grace = config.server().gracefulShutdownTimeoutMs();
        m.shutdown().await(grace + 10_000, TimeUnit.MILLISECONDS);
      }
      if (v != null) {
        v.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      System.err.println("ferrum-proxy: shutdown did not complete cleanly: " + ConfigSource.describe(e));
    }
    System.exit(0);
  }
}
