package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.RetryConfig;
import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.upstream.Backend;
import dev.ferrum.proxy.upstream.ReplayBody;
import dev.ferrum.proxy.upstream.ReplayCapture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Last in the chain, because only the last interceptor can call {@code sendRequest()} again
 * (earlier ones would be skipped). Owns the only attempt loop: every attempt's result is
 * classified, reported to the health checker, and either returned or retried according to one
 * rule set:
 *
 * <ul>
 *   <li>a connect failure is retried whatever the method: nothing reached the backend;</li>
 *   <li>a reset before any response byte, a response timeout, an invalid response, or a status in
 *   {@code retry_on_statuses} is retried for safe methods (GET, HEAD, OPTIONS, TRACE; PUT and
 *   DELETE with {@code retry_idempotent_methods}) whose body can be replayed;</li>
 *   <li>within {@code max_attempts}, {@code total_timeout_ms}, and the route's retry budget, with
 *   exponential backoff and jitter; each attempt's timeouts are clipped to the time left.</li>
 * </ul>
 *
 * When attempts run out the client gets the last real upstream response, or the error status of
 * the last failure when there was none.
 */
final class RetryInterceptor implements ProxyInterceptor {

  private final ProxyServices services;

  RetryInterceptor(ProxyServices services) {
    this.services = services;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
    RequestState s = RequestState.of(ctx);
    RetryConfig retry = s.route.config.retry();
    HttpServerRequest req = s.request;
    long start = s.startNanos;
    if (retry.enabled()) {
      s.deadlineNanos = start + retry.totalTimeoutMs() * 1_000_000;
    }
    if (s.route.config.deadlineMs() > 0) {
      s.deadlineNanos = Math.min(s.deadlineNanos, start + s.route.config.deadlineMs() * 1_000_000);
    }
    s.safeToRepeat = retry.enabled() && isRetryableMethod(req.method(), retry);
    if (s.bodyless) {
      // A body-less request is replayable for free; the original (empty) stream cannot be
      // piped twice, so every attempt sends a fresh empty one.
      s.replay = ReplayBody.none();
      req.resume();
      return attempt(ctx, s, null);
    }
    if (s.safeToRepeat) {
      long max = retry.maxBufferedBodyBytes();
      long declared = LimitsInterceptor.contentLength(req.getHeader("content-length"));
      long reserve = declared >= 0 ? declared : max;
      int maxBodies = s.snapshot.config.upstream().maxBufferedBodies();
      if (declared <= max && max > 0 && services.tryReserveReplay(reserve, retry.bufferBudgetBytes(), maxBodies)) {
        s.replayReserved = reserve;
        // The body is read before the first attempt so every attempt can send it whole.
        return ReplayCapture.capture(ctx.request().getBody(), max).transform(ar -> {
          if (ar.failed()) {
            FailureKind kind = s.bodyFailure != null ? s.bodyFailure : FailureKind.CLIENT_DISCONNECTED;
            return ErrorResponder.respond(ctx, s, kind, ErrorResponder.message(kind, s));
          }
          if (ar.result() instanceof ReplayBody rb) {
            s.replay = rb;
          } else {
            // It outgrew the buffer: it streams, and is retried only if nothing was sent.
            ctx.request().setBody(ar.result());
            s.route.meters.notRetriedBodyTooLarge();
          }
          return attempt(ctx, s, null);
        });
      }
      s.route.meters.notRetriedBodyTooLarge();
    }
    return attempt(ctx, s, null);
  }


  private Future<ProxyResponse> attempt(ProxyContext ctx, RequestState s, ProxyResponse held) {
    Backend b = s.attempts == 0 ? s.firstBackend : s.chooseBackend();
    if (b == null) {
      return finish(ctx, s, held, s.lastFailure);
    }
    s.beginAttempt(b);
    if (s.replay != null) {
      ctx.request().setBody(s.replay);
    }
    return ctx.sendRequest().transform(ar -> {
      if (ar.succeeded()) {
        return onResponse(ctx, s, held, ar.result());
      }
      FailureKind kind = s.bodyFailure != null ? s.bodyFailure
          : FailureClassifier.classify(ar.cause(), s.upstreamRequest != null);
      if (s.bodyFailure == null && ConnectionCloser.clientGone(s.request)) {
        // The client left and we reset the exchange ourselves: the backend did nothing wrong.
        kind = FailureKind.CLIENT_DISCONNECTED;
      }
      s.endAttempt(kind.outcome() == null ? OutcomeKind.SUCCESS : kind.outcome(), 0);
      s.lastFailure = kind;
      if (mayRetry(s, kind, 0)) {
        return retryLater(ctx, s, held, kind.label());
      }
      return finish(ctx, s, held, kind);
    });
  }

  private Future<ProxyResponse> onResponse(ProxyContext ctx, RequestState s, ProxyResponse held, ProxyResponse resp) {
    int status = resp.getStatusCode();
    s.endAttempt(s.route.config.passiveFailure().contains(status) ? OutcomeKind.FAILURE_STATUS : OutcomeKind.SUCCESS,
        status);
    if (held != null) {
      held.release();
      s.heldResponse = null;
    }
    if (s.route.config.retry().retryOnStatuses().contains(status) && mayRetry(s, null, status)) {
      // Keep this response: if every further attempt fails, it is the one the client gets.
      return retryLater(ctx, s, resp, "status_" + status);
    }
    return afterReport(s, Future.succeededFuture(resp));
  }

  /**
   * A final answer after a backend failure waits until the checker has taken the report in, so a
   * client that retries at once does not land on a backend the checker has just taken out.
   * Costs one event-bus round trip, on failures only.
   */
  private static Future<ProxyResponse> afterReport(RequestState s, Future<ProxyResponse> answer) {
    Future<Void> ack = s.failureReported;
    s.failureReported = null;
    return ack == null ? answer : ack.transform(ar -> answer);
  }

  /** The one retry rule: is another attempt allowed after this failure kind or status? */
  private boolean mayRetry(RequestState s, FailureKind kind, int status) {
    RetryConfig retry = s.route.config.retry();
    if (s.attempts >= retry.maxAttempts() || s.request.response().closed()) {
      return false;
    }
    boolean allowed;
    if (kind != null && kind.beforeRequestSent()) {
      // Nothing was sent: the original body is still unread, so even a streamed one can go again.
      allowed = retry.enabled() && (s.replay != null || !s.bodyStarted);
    } else if (kind == FailureKind.UPSTREAM_RESET || kind == FailureKind.RESPONSE_TIMEOUT
        || kind == FailureKind.INVALID_RESPONSE || kind == null) {
      allowed = s.safeToRepeat && s.replay != null;
    } else {
      allowed = false;
    }
    if (!allowed) {
      return false;
    }
    if (System.nanoTime() >= s.deadlineNanos) {
      return false;
    }
    if (!s.route.retryBudget.tryAcquire(System.nanoTime())) {
      s.route.meters.retryBudgetExhausted();
      return false;
    }
    return true;
  }

  private Future<ProxyResponse> retryLater(ProxyContext ctx, RequestState s, ProxyResponse held, String reason) {
    s.route.meters.retry(reason);
    s.heldResponse = held;
    long delay = backoffMs(s.route.config.retry().backoffMs(), s.attempts);
    long leftMs = (s.deadlineNanos - System.nanoTime()) / 1_000_000;
    if (s.deadlineNanos != Long.MAX_VALUE && delay >= leftMs) {
      // The wait alone would use up the budget: answer with what we have.
      return finish(ctx, s, held, s.lastFailure);
    }
    if (delay <= 0) {
      return attempt(ctx, s, held);
    }
    Promise<ProxyResponse> p = Promise.promise();
    services.vertx.setTimer(delay, id -> {
      if (s.request.response().closed()) {
        if (held != null) {
          held.release();
          s.heldResponse = null;
        }
        p.fail(new UpstreamFailure(FailureKind.CLIENT_DISCONNECTED, "client went away during backoff"));
        return;
      }
      attempt(ctx, s, held).onComplete(p);
    });
    return p.future();
  }

  private Future<ProxyResponse> finish(ProxyContext ctx, RequestState s, ProxyResponse held, FailureKind last) {
    s.heldResponse = null;
    if (held != null) {
      return afterReport(s, Future.succeededFuture(held));
    }
    FailureKind kind = last != null ? last : FailureKind.NO_HEALTHY_BACKEND;
    return afterReport(s, ErrorResponder.respond(ctx, s, kind, ErrorResponder.message(kind, s)));
  }

  /** {@code base × 2^(n-1)} (at most ×1024), scattered over [0.5, 1.5) of that so retries do not align. */
  static long backoffMs(long base, int attemptsSoFar) {
    if (base <= 0) {
      return 0;
    }
    long exp = base << Math.min(10, Math.max(0, attemptsSoFar - 1));
    return (long) (exp * (0.5 + ThreadLocalRandom.current().nextDouble()));
  }

  static boolean isRetryableMethod(HttpMethod m, RetryConfig retry) {
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE) {
      return true;
    }
    return retry.retryIdempotentMethods() && (m == HttpMethod.PUT || m == HttpMethod.DELETE);
  }

  /** No Content-Length (or 0) and no Transfer-Encoding: nothing follows the head. */
  static boolean isBodyless(HttpServerRequest req) {
    String cl = req.getHeader("content-length");
    if (req.getHeader("transfer-encoding") != null) {
      return false;
    }
    return cl == null || cl.equals("0");
  }
}
