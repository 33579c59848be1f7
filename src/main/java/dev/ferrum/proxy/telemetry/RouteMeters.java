package dev.ferrum.proxy.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The meters of one route; one instance per route prefix, shared by all proxy instances. */
public final class RouteMeters {

  private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private final ProxyMetrics parent;
  private final String route;
  private final Counter[] requestsByStatus = new Counter[600];
  private final Timer[] durationByClass = new Timer[STATUS_CLASSES.length];
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Counter retryBudgetExhausted;
  private final Counter notRetriedBodyTooLarge;

  RouteMeters(ProxyMetrics parent, String route) {
    this.parent = parent;
    this.route = route;
    bytesIn = parent.counter("ferrum.proxy.request.bytes", "Request body bytes received from clients (bodies only).",
        "route", route);
    bytesOut = parent.counter("ferrum.proxy.response.bytes", "Response body bytes sent to clients (bodies only).",
        "route", route);
    retryBudgetExhausted = parent.counter("ferrum.proxy.retry.budget.exhausted",
        "Retries not made because the route's retry budget was used up.", "route", route);
    notRetriedBodyTooLarge = parent.counter("ferrum.proxy.retry.body.not.buffered",
        "Requests that could not be retried because their body was too large to replay or over the buffer budget.",
        "route", route);
  }

  public String route() {
    return route;
  }

  /** Records one finished client request: counted once, whatever its retries. */
  public void requestCompleted(int status, long durationNanos, long requestBytes, long responseBytes) {
    int s = status >= 0 && status < 600 ? status : 0;
    Counter c = requestsByStatus[s];
    if (c == null) {
      c = parent.counter("ferrum.proxy.requests", "Client requests handled, by route and final status (0: cut).",
          "route", route, "status", Integer.toString(s));
      requestsByStatus[s] = c;
    }
    c.increment();
    parent.response(s);
    int cls = s / 100 < STATUS_CLASSES.length ? s / 100 : 0;
    Timer t = durationByClass[cls];
    if (t == null) {
      t = parent.timer("ferrum.proxy.request.duration",
          "Client request duration, from the request head to the end of the response.",
          "route", route, "status_class", STATUS_CLASSES[cls]);
      durationByClass[cls] = t;
    }
    t.record(durationNanos, TimeUnit.NANOSECONDS);
    if (requestBytes > 0) {
      bytesIn.increment(requestBytes);
    }
    if (responseBytes > 0) {
      bytesOut.increment(responseBytes);
    }
  }

  /**
   * Cumulative figures for the status page: requests, errors (5xx and cut connections) and the
   * duration histogram, read from the meters themselves (nothing extra is recorded per request).
   */
  public io.vertx.core.json.JsonObject snapshot() {
    long requests = 0;
    long errors = 0;
    for (int i = 0; i < requestsByStatus.length; i++) {
      Counter c = requestsByStatus[i];
      if (c != null) {
        long n = (long) c.count();
        requests += n;
        if (i == 0 || i >= 500) {
          errors += n;
        }
      }
    }
    double[] bounds = new double[ProxyMetrics.BUCKETS.length];
    long[] counts = new long[ProxyMetrics.BUCKETS.length];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = ProxyMetrics.BUCKETS[i].toNanos() / 1e9;
    }
    long total = 0;
    for (Timer t : durationByClass) {
      if (t == null) {
        continue;
      }
      io.micrometer.core.instrument.distribution.HistogramSnapshot snap = t.takeSnapshot();
      total += snap.count();
      for (io.micrometer.core.instrument.distribution.CountAtBucket b : snap.histogramCounts()) {
        double le = b.bucket(TimeUnit.SECONDS);
        for (int i = 0; i < bounds.length; i++) {
          if (Math.abs(bounds[i] - le) < 1e-9) {
            counts[i] += (long) b.count();
          }
        }
      }
    }
    io.vertx.core.json.JsonArray buckets = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < bounds.length; i++) {
      buckets.add(new io.vertx.core.json.JsonArray().add(bounds[i]).add(counts[i]));
    }
    buckets.add(new io.vertx.core.json.JsonArray().add("+Inf").add(total));
    return new io.vertx.core.json.JsonObject()
        .put("route", route)
        .put("requests", requests)
        .put("errors", errors)
        .put("duration_buckets", buckets);
  }

  public void retry(String reason) {
    retries.computeIfAbsent(reason, r -> parent.counter("ferrum.proxy.retries",
        "Retries made, by route and the reason of the failed attempt.", "route", route, "reason", r)).increment();
  }

  public void retryBudgetExhausted() {
    retryBudgetExhausted.increment();
  }

  public void notRetriedBodyTooLarge() {
    notRetriedBodyTooLarge.increment();
  }
}
