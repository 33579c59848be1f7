package dev.ferrum.proxy.support;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP backend on a loopback port. By default answers {@code GET /health} with 200 and
 * every other request with 200 and {@code name=<name> path=<uri> bytes=<body length>}, and records
 * what it received. Tests replace the behaviour, stop it (connections refused) and start it again
 * on the same port.
 */
public final class TestBackend implements AutoCloseable {

  private final Vertx vertx;
  private final String name;
  private final int port;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger healthChecks = new AtomicInteger();
  private volatile Handler<HttpServerRequest> handler;
  private volatile int healthStatus = 200;
  private volatile boolean healthHangs;
  private HttpServer server;

  private TestBackend(Vertx vertx, String name, int port) {
    this.vertx = vertx;
    this.name = name;
    this.port = port;
  }

  public static TestBackend start(Vertx vertx, String name) {
    return start(vertx, name, Ports.free());
  }

  public static TestBackend start(Vertx vertx, String name, int port) {
    TestBackend b = new TestBackend(vertx, name, port);
    b.up();
    return b;
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public List<Received> received() {
    return received;
  }

  /** Requests other than health checks. */
  public int hits() {
    return received.size();
  }

  public int healthChecks() {
    return healthChecks.get();
  }

  public TestBackend healthStatus(int status) {
    this.healthStatus = status;
    return this;
  }

  /** Health checks get no answer at all (the backend accepts and stalls). */
  public TestBackend healthHangs(boolean hang) {
    this.healthHangs = hang;
    return this;
  }

  /** Replaces the default answer (health checks still get {@link #healthStatus}). */
  public TestBackend handler(Handler<HttpServerRequest> h) {
    this.handler = h;
    return this;
  }

  /** Answers every request (but health checks) with this status. */
  public TestBackend respondWith(int status) {
    return handler(req -> req.body().onComplete(ar -> req.response().setStatusCode(status)
        .end("name=" + name + " status=" + status + "\n")));
  }

  public synchronized TestBackend up() {
    if (server != null) {
      return this;
    }
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxChunkSize(64 * 1024));
    s.requestHandler(this::handle);
    Await.result(s.listen(), 10);
    server = s;
    return this;
  }

  /** Stops listening: new connections are refused. */
  public synchronized TestBackend down() {
    if (server != null) {
      Await.result(server.close(), 10);
      server = null;
    }
    return this;
  }

  private void handle(HttpServerRequest req) {
    if (req.path().equals("/health")) {
      healthChecks.incrementAndGet();
      if (healthHangs) {
        return;
      }
      req.response().setStatusCode(healthStatus).end("ok\n");
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
    String method = req.method().name();
    String uri = req.uri();
    String remote = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    Handler<HttpServerRequest> custom = handler;
    if (custom != null) {
      received.add(new Received(method, uri, headers, new byte[0], remote));
      custom.handle(req);
      return;
    }
    req.body().onComplete(ar -> {
      Buffer body = ar.succeeded() ? ar.result() : Buffer.buffer();
      received.add(new Received(method, uri, headers, body.getBytes(), remote));
      req.response().putHeader("x-backend", name)
          .end("name=" + name + " path=" + uri + " bytes=" + body.length() + "\n");
    });
  }

  @Override
  public void close() {
    down();
  }
}
