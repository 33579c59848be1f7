package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.config.HealthCheckConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** The I/O of one active check: a GET on a fresh connection, answered as ok or not with a detail. */
final class HealthProbe {

  /** What a check found: whether the backend passed, and what to show (the status or the failure). */
  record Result(boolean ok, String detail) {
  }

  private final HttpClient client;

  HealthProbe(Vertx vertx, HealthCheckConfig cfg) {
    // A fresh connection per check: a check must prove the backend still accepts connections.
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(false)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, cfg.checkTimeoutMs())),
        new PoolOptions().setHttp1MaxSize(4));
  }

  Future<Result> check(BackendAddress addr, String endpoint, HealthCheckConfig cfg) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(addr.host())
        .setPort(addr.port())
        .setURI(endpoint == null ? cfg.endpoint() : endpoint)
        .setTimeout(cfg.checkTimeoutMs())
        .putHeader("user-agent", "ferrum-proxy-health-check");
    return client.request(options)
        .compose(req -> req.send())
        .map(resp -> {
          int status = resp.statusCode();
          resp.end();
          return status;
        })
        .transform(ar -> Future.succeededFuture(ar.succeeded()
            ? new Result(cfg.activeSuccess().contains(ar.result()), String.valueOf(ar.result()))
            : new Result(false, describe(ar.cause(), cfg.checkTimeoutMs()))));
  }

  Future<Void> close() {
    return client.close();
  }

  private static String describe(Throwable t, long timeoutMs) {
    if (t instanceof TimeoutException) {
      return "timeout after " + timeoutMs + " ms";
    }
    if (t instanceof ConnectException) {
      return "connect failed: " + t.getMessage();
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
