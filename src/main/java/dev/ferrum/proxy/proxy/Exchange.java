package dev.ferrum.proxy.proxy;

import io.vertx.core.http.HttpServerRequest;

/**
 * One client request as the proxy decided to handle it, fixed once routing is done: its id, the
 * configuration snapshot and route it is served by (null when no route matched), when it started,
 * and the facts about the request every later phase reads. Immutable; what changes while the
 * request is served lives in {@link AttemptLoop} (attempts) and {@link ExchangeContext} (outcome).
 *
 * @param deadlineNanos when the whole exchange must be over (retry budget or route deadline, the
 *     earlier); {@code Long.MAX_VALUE} for none
 * @param routeDeadlineNanos when the route's own {@code deadline_ms} runs out; MAX_VALUE for none
 */
record Exchange(
    String id,
    ProxySnapshot snapshot,
    ActiveRoute route,
    HttpServerRequest request,
    long startNanos,
    boolean bodyless,
    long deadlineNanos,
    long routeDeadlineNanos) {

  /** An exchange served by {@code route}, its deadlines counted from the request's start. */
  static Exchange routed(String id, ExchangeContext c, ActiveRoute route, boolean bodyless) {
    long start = c.startNanos;
    long deadline = Long.MAX_VALUE;
    if (route.config.retry().enabled()) {
      deadline = start + route.config.retry().totalTimeoutMs() * 1_000_000;
    }
    long routeDeadline = Long.MAX_VALUE;
    if (route.config.deadlineMs().isPresent()) {
      routeDeadline = start + route.config.deadlineMs().getAsLong() * 1_000_000;
      deadline = Math.min(deadline, routeDeadline);
    }
    return new Exchange(id, c.snapshot, route, c.request, start, bodyless, deadline, routeDeadline);
  }

  /** An exchange that matched no route: it is answered by the proxy itself. */
  static Exchange unrouted(String id, ExchangeContext c, boolean bodyless) {
    return new Exchange(id, c.snapshot, null, c.request, c.startNanos, bodyless, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Milliseconds left before the deadline, at least 1; MAX_VALUE when there is none. */
  long remainingMs(long nowNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(1, (deadlineNanos - nowNanos) / 1_000_000);
  }

  /** {@code ms}, or less when the deadline comes first. */
  long clip(long ms, long nowNanos) {
    return Math.min(ms, remainingMs(nowNanos));
  }
}
