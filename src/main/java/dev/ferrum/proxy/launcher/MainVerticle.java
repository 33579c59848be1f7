package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.admin.ReloadStatus;
import dev.ferrum.proxy.config.ConfigException;
import dev.ferrum.proxy.config.ConfigSource;
import dev.ferrum.proxy.config.ConfigUpdate;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.config.ServerConfig;
import dev.ferrum.proxy.health.HealthCheckerVerticle;
import dev.ferrum.proxy.proxy.ProxyVerticle;
import dev.ferrum.proxy.proxy.SharedProxyState;
import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.telemetry.Telemetry;
import dev.ferrum.proxy.tls.CertificateWatch;
import dev.ferrum.proxy.tls.CertificatesChanged;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Deploys one health-checker verticle and {@code server.instances} proxy verticles, then watches
 * the config file: every changed version is validated completely off the event loop and, when
 * valid, published to all verticles as a {@link ConfigUpdate}; when invalid it is reported and
 * the running config stays. Also runs the graceful shutdown: proxies drain first, the checker
 * stops last.
 */
public final class MainVerticle extends VerticleBase {

  private final ProxyConfig initial;
  private final String configPath;
  private final Telemetry telemetry;

  private ConfigUpdate current;
  private ConfigSource source;
  private ConfigRetriever retriever;
  private CertificateWatch certificates;
  private long certificateSequence;
  private JsonObject lastSeen;
  private String lastError;
  private String proxyDeployment;
  private String healthDeployment;
  private boolean shuttingDown;
  private boolean lastStatusFailed;
  private final SharedProxyState shared = new SharedProxyState();

  /**
   * @param configPath the file to watch; null for a fixed configuration (tests)
   */
  public MainVerticle(ProxyConfig initial, String configPath, Telemetry telemetry) {
    this.initial = initial;
    this.configPath = configPath;
    this.telemetry = telemetry;
  }

  @Override
  public Future<?> start() {
    EventBusCodecs.register(vertx);
    EventLog.useFormat(initial.accessLog().format());
    current = new ConfigUpdate(1, initial);
    ServerConfig sc = initial.server();
    // Before anything listens: a protection that does not work on this classpath stops the start.
    return ProxyVerticle.selfCheck(vertx, initial)
        .compose(v -> vertx.deployVerticle(new HealthCheckerVerticle(initial, telemetry.health())))
        .compose(id -> {
          healthDeployment = id;
          ConfigUpdate first = current;
          return vertx.deployVerticle(() -> new ProxyVerticle(first, telemetry.proxy(), telemetry.scrapeHandler(),
              telemetry.openConnections(), shared), new DeploymentOptions().setInstances(sc.instances()));
        })
        .onSuccess(id -> {
          proxyDeployment = id;
          EventLog.info("server_start", "bind_addr", sc.host() + ":" + sc.port(), "route_count",
              initial.routes().size(), "instances", sc.instances(), "config", configPath == null ? "-" : configPath);
          warnAboutPlaceholders(initial);
          if (configPath != null) {
            watch(sc.configScanPeriodMs());
          }
        })
        .compose(id -> sc.tls() == null ? Future.succeededFuture()
            : CertificateWatch.start(vertx, sc.tls(), sc.configScanPeriodMs(), this::certificatesChanged,
                problem -> reject("certificates: " + problem + "; the running certificates keep serving"))
            .onSuccess(w -> certificates = w).mapEmpty());
  }

  public ConfigUpdate current() {
    return current;
  }

  // ---- reload ----

  private void watch(long scanPeriodMs) {
    source = new ConfigSource(vertx, configPath);
    retriever = source.retriever(scanPeriodMs);
    retriever.configStream()
        .exceptionHandler(err -> onReadFailure(ConfigSource.describe(err)))
        .handler(this::onFileContent);
  }

  /** Re-reads the file now (SIGHUP); safe to call from any thread. */
  public void reloadNow() {
    context.runOnContext(v -> {
      if (retriever == null || shuttingDown) {
        return;
      }
      EventLog.info("config_reload_requested", "trigger", "SIGHUP");
      retriever.getConfig().onFailure(err -> onReadFailure(ConfigSource.describe(err)));
      if (certificates != null) {
        certificates.scan();
      }
    });
  }

  private void onFileContent(JsonObject json) {
    if (json == null || json.equals(lastSeen) || shuttingDown) {
      return;
    }
    lastSeen = json;
    source.validate(json).onComplete(ar -> {
      if (ar.succeeded()) {
        apply(ar.result());
      } else {
        Throwable t = ar.cause();
        String msg = t instanceof ConfigException ce ? String.join("; ", ce.errors()) : ConfigSource.describe(t);
        reject(msg);
      }
    });
  }

  private void onReadFailure(String message) {
    // The retriever re-reports a broken file on every scan: count and log each distinct problem once.
    if (message.equals(lastError)) {
      return;
    }
    lastSeen = null;
    reject("config file " + configPath + ": " + message);
  }

  private void reject(String message) {
    lastError = message;
    lastStatusFailed = true;
    telemetry.configReload("failed");
    EventLog.error("config_reload_failed", "generation_kept", current.generation(), "error", message);
    vertx.eventBus().publish(ReloadStatus.ADDRESS,
        new ReloadStatus(current.generation(), "failed", message, System.currentTimeMillis(), false));
  }

  /** The certificate files changed and passed their check: every proxy instance takes them. */
  private void certificatesChanged() {
    certificateSequence++;
    vertx.eventBus().publish(CertificatesChanged.ADDRESS, new CertificatesChanged(certificateSequence));
    telemetry.configReload("ok");
    EventLog.info("certificates_reloaded", "files", current.config().server().tls().all().size() * 2);
    if (lastStatusFailed) {
      lastStatusFailed = false;
      vertx.eventBus().publish(ReloadStatus.ADDRESS,
          new ReloadStatus(current.generation(), "ok", null, System.currentTimeMillis(), false));
    }
  }

  private void apply(ProxyConfig next) {
    lastError = null;
    if (next.equals(current.config())) {
      // Same meaning (the first read after startup, only comments changed, or a broken file
      // put back as it was): nothing to swap, but a failure shown before is over.
      if (lastStatusFailed) {
        lastStatusFailed = false;
        vertx.eventBus().publish(ReloadStatus.ADDRESS,
            new ReloadStatus(current.generation(), "ok", null, System.currentTimeMillis(), false));
      }
      return;
    }
    ProxyConfig running = current.config();
    boolean restartRequired = next.restartOnlyKeysDiffer(running);
    if (restartRequired) {
      // The listener and the connection pools cannot change in place: keep them, apply
      // everything else, and say so.
      EventLog.warn("config_restart_required", "keys", ProxyConfig.RESTART_ONLY_KEYS, "action", "kept running values");
      next = next.withRestartOnlyKeysFrom(running);
    }
    lastStatusFailed = false;
    current = new ConfigUpdate(current.generation() + 1, next);
    EventLog.useFormat(next.accessLog().format());
    vertx.eventBus().publish(ConfigUpdate.ADDRESS, current);
    vertx.eventBus().publish(ReloadStatus.ADDRESS,
        new ReloadStatus(current.generation(), "ok", null, System.currentTimeMillis(), restartRequired));
    telemetry.configReload("ok");
    EventLog.info("config_reloaded", "generation", current.generation(), "route_count", next.routes().size());
    warnAboutPlaceholders(next);
  }

  private static void warnAboutPlaceholders(ProxyConfig cfg) {
    if ("change-me".equals(cfg.debug().authToken())) {
      EventLog.warn("insecure_config", "key", "debug.auth_token", "problem", "still the placeholder 'change-me'");
    }
  }

  // ---- shutdown ----

  /**
   * Drains and stops: the listeners close at once and in-flight requests get up to
   * {@code server.graceful_shutdown_timeout_ms}; then the checker stops. Completes when done.
   */
  public Future<Void> shutdown() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      shuttingDown = true;
      long grace = current.config().server().gracefulShutdownTimeoutMs();
      EventLog.info("shutdown_started", "drain_timeout_ms", grace, "open_connections",
          telemetry.openConnections().get(), "in_flight", inFlight());
      if (retriever != null) {
        retriever.close();
      }
      if (certificates != null) {
        certificates.close();
      }
      long progress = vertx.setPeriodic(1000, id -> EventLog.info("shutdown_draining", "remaining_connections",
          telemetry.openConnections().get(), "in_flight", inFlight()));
      Future<Void> proxies = proxyDeployment == null ? Future.succeededFuture() : vertx.undeploy(proxyDeployment);
      proxies.eventually(() -> healthDeployment == null ? Future.succeededFuture() : vertx.undeploy(healthDeployment))
          .onComplete(ar -> {
            vertx.cancelTimer(progress);
            int remaining = telemetry.openConnections().get();
            io.micrometer.core.instrument.Counter cut = telemetry.registry().find("ferrum.proxy.errors")
                .tag("kind", "shutdown_deadline").counter();
            long cutRequests = cut == null ? 0 : (long) cut.count();
            EventLog.info("shutdown_complete", "drained", remaining == 0 && cutRequests == 0,
                "remaining_connections", remaining, "cut_requests", cutRequests);
            proxyDeployment = null;
            healthDeployment = null;
            done.complete();
          });
    });
    return done.future();
  }

  private long inFlight() {
    return (long) telemetry.registry().get("ferrum.proxy.in.flight.requests").gauge().value();
  }
}
