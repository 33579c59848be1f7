package dev.ferrum.proxy.admin;

import dev.ferrum.proxy.config.DebugConfig;
import dev.ferrum.proxy.health.HealthAddresses;
import dev.ferrum.proxy.health.HealthDetails;
import dev.ferrum.proxy.telemetry.RouteMeters;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The internal endpoints, as vertx-web routes in front of the proxy handler. Only {@code GET} on
 * the exact paths is intercepted; any other method or path goes to the proxy, and so does an
 * endpoint the config hides ({@code debug.expose_*: false}).
 */
public final class AdminRoutes {

  private static final String TEXT = "text/plain; charset=utf-8";

  private AdminRoutes() {
  }

  /**
   * @param statusLine the one-line answer of {@code GET /}
   * @param reload the last reload outcome, for {@code /health/backends}
   * @param metrics the Prometheus scrape handler
   * @param proxy the handler every other request goes to
   */
  public static Router build(Vertx vertx, DebugConfig debug, Supplier<String> statusLine,
      Supplier<ReloadStatus> reload, Handler<RoutingContext> metrics, Handler<RoutingContext> proxy,
      RouteMeters internalMeters, Supplier<JsonArray> routeStatus) {
    Router router = Router.router(vertx);
    Handler<RoutingContext> auth = authHandler(debug, false);
    Handler<RoutingContext> pageAuth = authHandler(debug, true);
    Handler<RoutingContext> counted = rc -> {
      long start = System.nanoTime();
      rc.response().endHandler(v -> internalMeters.requestCompleted(
          rc.response().closed() && !rc.response().ended() ? 0 : rc.response().getStatusCode(),
          System.nanoTime() - start, 0, rc.response().bytesWritten()));
      rc.next();
    };
    router.get("/").handler(counted).handler(rc -> rc.response().putHeader("content-type", TEXT).end(statusLine.get()));
    router.get("/health").handler(counted).handler(rc -> rc.response().putHeader("content-type", TEXT).end("ok\n"));
    if (debug.exposeBackendHealth()) {
      router.get("/health/backends").handler(counted).handler(auth).handler(rc -> backends(vertx, rc, reload.get()));
      router.get("/status").handler(counted).handler(pageAuth).handler(rc -> rc.response()
          .putHeader("content-type", "text/html; charset=utf-8")
          .putHeader("cache-control", "no-store")
          .putHeader("content-security-policy", "default-src 'none'; script-src 'unsafe-inline'; "
              + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:")
          .end(StatusPage.HTML));
      router.get("/status.json").handler(counted).handler(pageAuth)
          .handler(rc -> status(vertx, rc, routeStatus.get(), reload.get()));
    }
    if (debug.exposeMetrics()) {
      router.get("/metrics").handler(counted).handler(auth).handler(metrics);
    }
    router.route().handler(proxy);
    // The 500 for a failure inside is the proxy's error renderer's, set by the caller.
    return router;
  }

  /**
   * @param queryToken also accept {@code ?access_token=} (RFC 6750 §2.3), so a browser can open the
   *     status page; its scripts then send the token as a header
   */
  private static Handler<RoutingContext> authHandler(DebugConfig debug, boolean queryToken) {
    if (debug.authToken() == null) {
      return RoutingContext::next;
    }
    BearerAuth bearer = new BearerAuth(debug.authToken());
    return rc -> {
      String param = queryToken ? rc.request().getParam("access_token") : null;
      if (bearer.accepts(rc.request().getHeader("authorization"))
          || (param != null && bearer.accepts("Bearer " + param))) {
        rc.next();
      } else {
        rc.response().setStatusCode(401)
            .putHeader("www-authenticate", "Bearer")
            .putHeader("content-type", TEXT)
            .end("debug endpoint requires bearer authentication\n");
      }
    };
  }

  private static void status(Vertx vertx, RoutingContext rc, JsonArray routes, ReloadStatus reload) {
    vertx.eventBus().<HealthDetails>request(HealthAddresses.DETAILS, null).onComplete(ar -> {
      JsonObject body = new JsonObject()
          .put("generated_ms", System.currentTimeMillis())
          .put("routes", routes)
          .put("backends", ar.succeeded() ? ar.result().body().backendsJson() : new JsonArray());
      if (reload != null) {
        body.put("config", reload.toJson());
      }
      rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
          .end(body.encode());
    });
  }

  private static void backends(Vertx vertx, RoutingContext rc, ReloadStatus reload) {
    vertx.eventBus().<HealthDetails>request(HealthAddresses.DETAILS, null).onComplete(ar -> {
      if (ar.failed()) {
        rc.response().setStatusCode(503).putHeader("content-type", TEXT)
            .end("health checker unavailable\n");
        return;
      }
      JsonObject body = ar.result().body().toJson();
      if (reload != null) {
        body.put("config", reload.toJson());
      }
      rc.response().putHeader("content-type", "application/json").end(body.encodePrettily());
    });
  }
}
