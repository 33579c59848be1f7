package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.tls.TlsProfile;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.ProxyContext;

/**
 * The typed per-request context, stored under one key of the {@link ProxyContext}: the
 * {@link Exchange} once routing fixed it, the attempt loop and the request-body watch once their
 * phases made them, and the outcome (the failure that decided the answer, whether the connection
 * closes after it). Each part has one writer, named on its setter.
 *
 * <p>As the server response's end handler it is the exchange's completion hook: it runs exactly
 * once, however the exchange ended, and records metrics and the access line from one
 * {@link CompletedExchange}.
 */
final class ExchangeContext implements Handler<Void> {

  private static final String KEY = "ferrum.exchange";

  final ProxyServices services;
  final HttpServerRequest request;
  final ProxySnapshot snapshot;
  final long startNanos = System.nanoTime();
  final long startMillis = System.currentTimeMillis();

  private Exchange exchange;
  private AttemptLoop loop;
  private RequestBodyWatch requestBody;
  private FailureKind failure;
  private boolean closeConnection;
  private boolean completed;
  private String fallbackId;
  /** The verified client certificate's subject; read once at the start, only under mutual TLS. */
  final String clientSubject;

  private ExchangeContext(ProxyServices services, HttpServerRequest request) {
    this.services = services;
    this.request = request;
    this.snapshot = services.snapshot();
    this.clientSubject = snapshot.clientCertificates ? TlsProfile.clientSubject(request) : null;
  }

  /** Made by the outermost phase, before anything else looks at the request. */
  static ExchangeContext attach(ProxyContext ctx, ProxyServices services) {
    ExchangeContext c = new ExchangeContext(services, ctx.request().proxiedRequest());
    ctx.set(KEY, c);
    services.metrics.requestStarted();
    c.request.response().endHandler(c);
    return c;
  }

  static ExchangeContext of(ProxyContext ctx) {
    return ctx.get(KEY, ExchangeContext.class);
  }

  /** Set once, by the routing phase. */
  void begin(Exchange e) {
    if (exchange != null) {
      throw new IllegalStateException("exchange already begun");
    }
    exchange = e;
  }

  /** Null until routing ran. */
  Exchange exchange() {
    return exchange;
  }

  /** Set by the retry phase. */
  void loop(AttemptLoop l) {
    loop = l;
  }

  /** Null until the retry phase ran. */
  AttemptLoop loop() {
    return loop;
  }

  /** Set by the limits phase for a request with a body. */
  void requestBody(RequestBodyWatch w) {
    requestBody = w;
  }

  RequestBodyWatch requestBody() {
    return requestBody;
  }

  /** Records the failure that decides how this exchange is counted; the first one wins. */
  void fail(FailureKind kind) {
    if (failure == null) {
      failure = kind;
    }
  }

  FailureKind failure() {
    return failure;
  }

  /** This connection must not carry another request once the answer is out. */
  void closeConnection() {
    closeConnection = true;
  }

  boolean closesConnection() {
    return closeConnection;
  }

  /** The request id: the exchange's, or (if routing never ran) a fresh one. */
  String requestId() {
    if (exchange != null) {
      return exchange.id();
    }
    if (fallbackId == null) {
      fallbackId = services.nextRequestId();
    }
    return fallbackId;
  }

  @Override
  public void handle(Void v) {
    if (completed) {
      return;
    }
    completed = true;
    if (loop != null) {
      loop.complete();
    }
    HttpServerResponse response = request.response();
    boolean cut = response.closed() && !response.ended();
    if (cut) {
      // The client connection is gone: cut by our graceful-shutdown deadline, or by the client.
      fail(services.shutdownDeadlinePassed() ? FailureKind.SHUTDOWN_CUT : FailureKind.CLIENT_DISCONNECTED);
    }
    long nanos = System.nanoTime() - startNanos;
    ActiveRoute route = exchange == null ? null : exchange.route();
    CompletedExchange done = new CompletedExchange(startMillis, requestId(), request, clientSubject,
        route == null ? null : route.prefix, loop == null ? null : loop.lastBackendKey(),
        cut ? 0 : response.getStatusCode(), request.bytesRead(), response.bytesWritten(), nanos / 1000,
        loop == null ? 0 : loop.attempts(), failure == null ? null : failure.label());
    record(done, route, nanos);
  }

  private void record(CompletedExchange done, ActiveRoute route, long nanos) {
    ProxyMetrics metrics = services.metrics;
    if (done.errorKind() != null) {
      metrics.error(done.errorKind());
    }
    metrics.requestFinished();
    (route != null ? route.meters : services.unroutedMeters)
        .requestCompleted(done.status(), nanos, done.requestBytes(), done.responseBytes());
    snapshot.accessLog.log(done);
  }
}
