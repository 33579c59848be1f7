package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.tls.CertificatesChanged;
import dev.ferrum.proxy.tls.HttpsRedirect;
import dev.ferrum.proxy.tls.TlsProfile;
import dev.ferrum.proxy.admin.AdminRoutes;
import dev.ferrum.proxy.admin.ReloadStatus;
import dev.ferrum.proxy.config.ConfigUpdate;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.config.RouteConfig;
import dev.ferrum.proxy.config.ServerConfig;
import dev.ferrum.proxy.config.UpstreamConfig;
import dev.ferrum.proxy.health.HealthAddresses;
import dev.ferrum.proxy.health.HealthSnapshot;
import dev.ferrum.proxy.health.HealthView;
import dev.ferrum.proxy.health.OutcomeReporter;
import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.telemetry.RouteMeters;
import dev.ferrum.proxy.upstream.UpstreamConnector;
import dev.ferrum.proxy.upstream.Watchdog;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the proxy: its listener (shared with the other instances), its upstream client
 * and connection pools, its compiled configuration and its local copy of backend health. It serves
 * traffic through vertx-http-proxy with our interceptors ({@link InterceptorChain}).
 *
 * It never decides health: it reports outcomes and applies the checker's snapshots.
 */
public final class ProxyVerticle extends VerticleBase {


  private final ProxyMetrics metrics;
  private final Handler<RoutingContext> metricsHandler;
  private final HealthView health = new HealthView();
  private ConfigUpdate initial;
  private ProxySnapshot snapshot;
  private ReloadStatus reloadStatus;
  private HttpServer server;
  private HttpServer redirect;
  private HttpServerOptions serverOptions;
  private Watchdog watchdog;
  private ConnectionGuardSettings guardSettings;
  private HttpClient client;
  private ProxyHandler proxyHandler;
  private Router router;
  private RouteMeters internalMeters;
  private final AtomicInteger openConnections;
  private final SharedProxyState shared;
  private long shutdownDeadlineNanos = Long.MAX_VALUE;

  public ProxyVerticle(ConfigUpdate initial, ProxyMetrics metrics, Handler<RoutingContext> metricsHandler,
      AtomicInteger openConnections, SharedProxyState shared) {
    this.shared = shared;
    this.initial = initial;
    this.metrics = metrics;
    this.metricsHandler = metricsHandler;
    this.openConnections = openConnections;
  }

  @Override
  public Future<?> start() {
    ProxyConfig cfg = initial.config();
    internalMeters = metrics.route("internal");
    snapshot = ProxySnapshot.compile(initial.generation(), cfg, Map.of(), health, metrics, shared);
    reloadStatus = new ReloadStatus(initial.generation(), "ok", null, System.currentTimeMillis(), false);
    initial = null;

    watchdog = new Watchdog(vertx, sweepPeriod(cfg));
    ProxyServices services = new ProxyServices(vertx, metrics, new OutcomeReporter(vertx, context), this, watchdog,
        shared);
    guardSettings = new ConnectionGuardSettings(cfg.server(), metrics);
    client = vertx.createHttpClient(clientOptions(cfg.upstream()), poolOptions(cfg.upstream()));
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
        .origin(new UpstreamConnector(client, ctx -> ExchangeContext.of(ctx).loop()));
    InterceptorChain.install(proxy, services);
    proxyHandler = ProxyHandler.create(proxy);
    router = buildRouter();

    vertx.eventBus().<ConfigUpdate>localConsumer(ConfigUpdate.ADDRESS, m -> onConfig(m.body()));
    vertx.eventBus().<ReloadStatus>localConsumer(ReloadStatus.ADDRESS, m -> reloadStatus = m.body());
    vertx.eventBus().<HealthSnapshot>localConsumer(HealthAddresses.SNAPSHOT, m -> onHealth(m.body()));
    vertx.eventBus().<CertificatesChanged>localConsumer(CertificatesChanged.ADDRESS, m -> reloadCertificates());

    ServerConfig sc = cfg.server();
    serverOptions = serverOptions(sc);
    server = vertx.createHttpServer(serverOptions)
        .connectionHandler(conn -> {
          openConnections.incrementAndGet();
          conn.closeHandler(v -> openConnections.decrementAndGet());
          NettyAdapter.protect(conn, watchdog, guardSettings, serverOptions);

        })
        .invalidRequestHandler(req -> RequestAdmission.invalid(req, metrics))
        .requestHandler(this::onRequest);
    redirect = redirectServer(sc);
    return vertx.eventBus().<HealthSnapshot>request(HealthAddresses.RESEND, null)
        .onSuccess(reply -> onHealth(reply.body()))
        .transform(ar -> server.listen(sc.port(), sc.host()))
        .compose(s -> redirect == null ? Future.succeededFuture(s)
            : redirect.listen(sc.tls().redirectHttpPort().getAsInt(), sc.host()));
  }

  /** New TLS context from the files as they are now; open connections keep theirs. */
  private void reloadCertificates() {
    if (server == null || serverOptions.getSslOptions() == null || !serverOptions.isSsl()) {
      return;
    }
    server.updateSSLOptions(new ServerSSLOptions(serverOptions.getSslOptions()), true)
        .onFailure(e -> EventLog.error("certificates_reload_failed", "error", String.valueOf(e.getMessage()),
            "action", "kept running certificates"));
  }

  /** The cleartext listener that sends clients to HTTPS, when {@code server.redirect_http_port} is set. */
  private HttpServer redirectServer(ServerConfig sc) {
    if (sc.tls() == null || sc.tls().redirectHttpPort().isEmpty()) {
      return null;
    }
    HttpServerOptions options = cleartextOptions(sc).setPort(sc.tls().redirectHttpPort().getAsInt());
    return vertx.createHttpServer(options)
        .connectionHandler(conn -> NettyAdapter.protect(conn, watchdog, guardSettings, options))
        .invalidRequestHandler(req -> RequestAdmission.invalid(req, metrics))
        .requestHandler(new HttpsRedirect(sc.port(), sc.host()));
  }

  @Override
  public Future<?> stop() {
    long grace = snapshot.config.server().gracefulShutdownTimeoutMs();
    // Whatever is still running when the grace period ends is cut; remember when, so it is counted as such.
    shutdownDeadlineNanos = System.nanoTime() + Math.max(0, grace - 50) * 1_000_000;
    Future<Void> redirectClosed = redirect == null ? Future.succeededFuture() : redirect.close();
    return server.shutdown(grace, TimeUnit.MILLISECONDS).eventually(() -> redirectClosed).eventually(() -> {
      watchdog.close();
      return client.close();
    });
  }

  ProxySnapshot snapshot() {
    return snapshot;
  }

  boolean shutdownDeadlinePassed() {
    return System.nanoTime() >= shutdownDeadlineNanos;
  }

  private void onConfig(ConfigUpdate update) {
    if (update.generation() <= snapshot.generation) {
      return;
    }
    // Requests in flight keep the snapshot they started with; new ones take this one.
    snapshot = ProxySnapshot.compile(update.generation(), update.config(), snapshot.backends, health, metrics, shared);
    router = buildRouter();
    guardSettings.use(update.config().server());
    watchdog.period(sweepPeriod(update.config()));
  }

  /** Fine enough for the shortest timeout the config asks for. */
  private static long sweepPeriod(ProxyConfig cfg) {
    long shortest = Math.min(cfg.server().clientHeaderTimeoutMs(), cfg.server().keepaliveTimeoutMs());
    shortest = Math.min(shortest, cfg.server().clientSendTimeoutMs());
    for (RouteConfig r : cfg.routes()) {
      shortest = Math.min(shortest, Math.min(r.responseTimeoutMs(), r.readTimeoutMs()));
      shortest = Math.min(shortest, r.clientBodyTimeoutMs());
    }
    return Watchdog.periodFor(shortest);
  }

  /**
   * Proves, once per process before any listener opens, that the protections built on Vert.x and
   * Netty internals work on this classpath ({@link NettyAdapter#selfCheck}).
   */
  public static Future<Void> selfCheck(io.vertx.core.Vertx vertx, ProxyConfig cfg) {
    // Cleartext: the strict decoder and the guard sit behind the TLS handler unchanged.
    return NettyAdapter.selfCheck(vertx, cleartextOptions(cfg.server()),
        new ConnectionGuardSettings(cfg.server(), null));
  }

  private void onRequest(HttpServerRequest req) {
    String hsts = snapshot.hsts;
    if (hsts != null) {
      // On every answer, ours and the internal endpoints' included; a backend's own is dropped.
      req.response().headers().set(TlsProfile.STRICT_TRANSPORT_SECURITY, hsts);
    }
    ErrorAnswer refusal = RequestGate.check(req, snapshot.config.server());
    if (refusal == null) {
      router.handle(req);
      return;
    }
    RequestAdmission.refuse(req, refusal, metrics);
  }

  private void onHealth(HealthSnapshot s) {
    if (health.offer(s)) {
      snapshot.applyHealth(health);
    }
  }

  private Router buildRouter() {
    ProxySnapshot snap = snapshot;
    Router r = AdminRoutes.build(vertx, snap.config.debug(), this::statusLine, () -> reloadStatus, metricsHandler,
        proxyHandler, internalMeters, this::routeStatus);
    // Whatever fails inside is answered without internals: no stack trace, no exception text.
    return r.errorHandler(500, rc -> ErrorRenderer.routerFailure(rc.response()));
  }

  /** Each route's configuration and cumulative figures, for the status page. */
  private io.vertx.core.json.JsonArray routeStatus() {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    for (ActiveRoute r : snapshot.routes) {
      io.vertx.core.json.JsonArray backends = new io.vertx.core.json.JsonArray();
      for (dev.ferrum.proxy.upstream.Backend b : r.backends()) {
        backends.add(b.key());
      }
      out.add(r.meters.snapshot()
          .put("balancing", r.config.balancing().yamlName())
          .put("backends", backends));
    }
    // Requests that matched no route (404s, refused paths) get a row too.
    out.add(metrics.route(ProxyMetrics.UNROUTED).snapshot().put("balancing", "-").put("backends",
        new io.vertx.core.json.JsonArray()));
    return out;
  }

  private String statusLine() {
    ProxySnapshot snap = snapshot;
    ReloadStatus r = reloadStatus;
    return "ferrum-proxy is running with " + snap.routes.size() + " configured route(s); config generation "
        + snap.generation + ", last reload " + (r == null ? "ok" : r.lastResult()) + "\n";
  }

  private static HttpServerOptions serverOptions(ServerConfig sc) {
    HttpServerOptions o = cleartextOptions(sc);
    return sc.tls() == null ? o : TlsProfile.apply(o, sc.tls());
  }

  private static HttpServerOptions cleartextOptions(ServerConfig sc) {
    return new HttpServerOptions()
        .setHost(sc.host())
        .setPort(sc.port())
        .setTcpNoDelay(true)
        .setReuseAddress(true)
        // HTTP/1.x only: with h2c detection on, Vert.x waits for enough bytes to rule out an HTTP/2
        // preface before it sets up the connection, which a slow client can stretch forever.
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(sc.maxHeaderBytes())
        .setMaxInitialLineLength(sc.maxRequestLineBytes())
        // 64 KiB chunks: a typical body crosses the pipeline in one piece instead of eight.
        .setMaxChunkSize(64 * 1024);
  }

  private static HttpClientOptions clientOptions(UpstreamConfig uc) {
    return new HttpClientOptions()
        .setKeepAlive(true)
        .setKeepAliveTimeout((int) Math.max(1, uc.idleConnectionTimeoutMs() / 1000))
        .setTcpNoDelay(true)
        .setMaxChunkSize(64 * 1024)
        // Per-request connect timeouts apply; this only bounds a TCP connect nobody waits for any more.
        .setConnectTimeout(60_000)
        .setDecompressionSupported(false);
  }

  private static PoolOptions poolOptions(UpstreamConfig uc) {
    return new PoolOptions().setHttp1MaxSize(uc.poolSizePerBackend());
  }
}
