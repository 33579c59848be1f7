package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.config.RetryConfig;
import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.retry.AttemptEnding;
import dev.ferrum.proxy.retry.AttemptFacts;
import dev.ferrum.proxy.retry.RetryDecision;
import dev.ferrum.proxy.upstream.AttemptTarget;
import dev.ferrum.proxy.upstream.Backend;
import dev.ferrum.proxy.upstream.ReplayBody;
import dev.ferrum.proxy.upstream.ReplayCapture;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The one attempt loop of an exchange, every attempt included: it readies the body for replay,
 * picks each attempt's backend through the balancer ("not tried yet" first), runs the attempt,
 * classifies how it ended, reports that to the health checker, and asks the route's
 * {@link dev.ferrum.proxy.retry.RetryPolicy} whether to go again. A retry is counted only once
 * the policy decided it (after the deadline check, with its budget token spent).
 *
 * <p>When attempts run out the client gets the last real upstream response, or the answer for the
 * last failure when there was none. As the {@link AttemptTarget} it tells the connector where the
 * current attempt goes. One per request, on its event loop.
 */
final class AttemptLoop implements AttemptTarget {

  private final ProxyContext ctx;
  private final ExchangeContext c;
  private final Exchange ex;
  private final ActiveRoute route;
  private final ProxyServices services;
  private final boolean repeatable;
  private final TriedBackends tried = new TriedBackends();

  private Attempt current;
  private int attempts;
  private FailureKind lastFailure;
  /** The body every attempt sends, when it can be replayed; null while it streams once. */
  private ReplayBody replay;
  private long replayReserved;
  /** A retryable upstream response kept while another attempt runs. */
  private ProxyResponse held;
  /** Acknowledgement of the last attempt's failure report, or null. */
  private Future<Void> failureAck;

  AttemptLoop(ProxyContext ctx, ExchangeContext c) {
    this.ctx = ctx;
    this.c = c;
    this.ex = c.exchange();
    this.route = ex.route();
    this.services = c.services;
    this.repeatable = route.retryPolicy.repeatable(ex.request().method());
  }

  Future<ProxyResponse> run() {
    route.retryBudget.onRequest();
    HttpServerRequest req = ex.request();
    if (ex.bodyless()) {
      // Replayable for free; the original (empty) stream cannot be piped twice, so every attempt
      // sends a fresh empty one.
      replay = ReplayBody.none();
      req.resume();
      return next();
    }
    if (repeatable) {
      RetryConfig retry = route.config.retry();
      long max = retry.maxBufferedBodyBytes();
      long declared = LimitsInterceptor.contentLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
      long reserve = declared >= 0 ? declared : max;
      if (declared <= max && max > 0 && services.tryReserveReplay(reserve, ex.snapshot().config.replayBudget())) {
        replayReserved = reserve;
        // Read before the first attempt, so every attempt can send it whole.
        return ReplayCapture.capture(ctx.request().getBody(), max).transform(this::captured);
      }
      route.meters.notRetriedBodyTooLarge();
    }
    return next();
  }

  private Future<ProxyResponse> captured(AsyncResult<Body> ar) {
    if (ar.failed()) {
      RequestBodyWatch body = c.requestBody();
      FailureKind kind = body != null && body.failure() != null ? body.failure() : FailureKind.CLIENT_DISCONNECTED;
      return ErrorRenderer.respond(ctx, c, ErrorRenderer.of(kind, route.config));
    }
    if (ar.result() instanceof ReplayBody rb) {
      replay = rb;
    } else {
      // It outgrew the buffer: it streams, and is retried only if nothing was sent.
      ctx.request().setBody(ar.result());
      route.meters.notRetriedBodyTooLarge();
    }
    return next();
  }

  private Future<ProxyResponse> next() {
    Backend b = tried.choose(route);
    if (b == null) {
      return finish(lastFailure != null ? lastFailure : FailureKind.NO_HEALTHY_BACKEND);
    }
    tried.add(b);
    attempts++;
    current = new Attempt(b, route.upstreamTimer(b), services.watchdog, services.reporter, System.nanoTime());
    if (replay != null) {
      ctx.request().setBody(replay);
    }
    return ctx.sendRequest().transform(this::onAttempt);
  }

  private Future<ProxyResponse> onAttempt(AsyncResult<ProxyResponse> ar) {
    if (ar.succeeded()) {
      ProxyResponse resp = ar.result();
      if (UpstreamFraming.acceptable(resp.headers())) {
        return onResponse(resp);
      }
      resp.release();
      current.reset();
      return onFailure(FailureKind.INVALID_RESPONSE, System.nanoTime());
    }
    RequestBodyWatch body = c.requestBody();
    long now = System.nanoTime();
    return onFailure(FailureClassifier.attempt(ar.cause(), current.obtained(), body == null ? null : body.failure(),
        NettyAdapter.clientGone(ex.request()), now >= ex.routeDeadlineNanos()), now);
  }

  private Future<ProxyResponse> onFailure(FailureKind kind, long now) {
    failureAck = current.end(kind.outcome() == null ? OutcomeKind.NO_VERDICT : kind.outcome(), 0, now);
    lastFailure = kind;
    RetryDecision d = decide(kind.ending(), now);
    return d.retries() ? retryAfter(d, kind.label()) : finish(kind);
  }

  private Future<ProxyResponse> onResponse(ProxyResponse resp) {
    int status = resp.getStatusCode();
    long now = System.nanoTime();
    failureAck = current.end(route.config.passiveFailure().contains(status) ? OutcomeKind.FAILURE_STATUS
        : OutcomeKind.SUCCESS, status, now);
    releaseHeld();
    if (route.retryPolicy.retriesOn(status)) {
      RetryDecision d = decide(AttemptEnding.RETRYABLE_STATUS, now);
      if (d.retries()) {
        // Keep this response: if every further attempt fails, it is the one the client gets.
        held = resp;
        return retryAfter(d, "status_" + status);
      }
    }
    return answer(Future.succeededFuture(resp));
  }

  private RetryDecision decide(AttemptEnding ending, long now) {
    RequestBodyWatch body = c.requestBody();
    AttemptFacts facts = new AttemptFacts(attempts, ending, repeatable, replay != null,
        body != null && body.started(), ex.request().response().closed(), now, ex.deadlineNanos());
    RetryDecision d = route.retryPolicy.decide(facts, route.retryBudget);
    if (d.stopReason() == RetryDecision.Stop.BUDGET_EXHAUSTED) {
      route.meters.retryBudgetExhausted();
    }
    return d;
  }

  private Future<ProxyResponse> retryAfter(RetryDecision d, String reason) {
    route.meters.retry(reason);
    if (d.delayMs() <= 0) {
      return next();
    }
    Promise<ProxyResponse> p = Promise.promise();
    services.vertx.setTimer(d.delayMs(), id -> {
      if (ex.request().response().closed()) {
        // Nobody is waiting any more: no further attempt.
        releaseHeld();
        finish(FailureKind.CLIENT_DISCONNECTED).onComplete(p);
        return;
      }
      next().onComplete(p);
    });
    return p.future();
  }

  private Future<ProxyResponse> finish(FailureKind last) {
    ProxyResponse h = held;
    held = null;
    if (h != null) {
      return answer(Future.succeededFuture(h));
    }
    return answer(ErrorRenderer.respond(ctx, c, ErrorRenderer.of(last, route.config)));
  }

  /**
   * A final answer after a backend failure waits until the checker has taken the report in, so a
   * client that retries at once does not land on a backend the checker has just taken out. Costs
   * one event-bus round trip, on failures only.
   */
  private Future<ProxyResponse> answer(Future<ProxyResponse> response) {
    Future<Void> ack = failureAck;
    failureAck = null;
    return ack == null ? response : ack.transform(ar -> response);
  }

  private void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  // ---- what other phases tell the loop ----

  /** The whole request body went upstream: the backend now has the response timeout to answer. */
  void requestBodySent() {
    if (current != null) {
      long now = System.nanoTime();
      current.awaitHead(ex.clip(route.config.responseTimeoutMs(), now), now);
    }
  }

  /** A failure seen after the attempt ended (mid-body, oversized head): the backend hears of it when it is to blame. */
  void lateFailure(FailureKind kind) {
    c.fail(kind);
    if (current != null && kind.outcome() != null && !NettyAdapter.clientGone(ex.request())) {
      current.lateFailure(kind.outcome());
    }
  }

  /** Closes the current upstream request's connection (rather than read a body only to drop it). */
  void resetUpstream() {
    if (current != null) {
      current.reset();
    }
  }

  /** The exchange is over: an attempt still waiting gets no verdict; buffers go back. */
  void complete() {
    if (current != null && current.open()) {
      current.abandon();
    }
    if (replayReserved > 0) {
      services.releaseReplay(replayReserved);
      replayReserved = 0;
    }
    releaseHeld();
  }

  int attempts() {
    return attempts;
  }

  String lastBackendKey() {
    return current == null ? null : current.backend.key();
  }

  // ---- AttemptTarget, for the connector ----

  @Override
  public Backend backend() {
    return current.backend;
  }

  @Override
  public long connectTimeoutMs() {
    return ex.clip(route.config.connectTimeoutMs(), System.nanoTime());
  }

  @Override
  public HttpClientRequest apply(HttpClientRequest r) {
    current.obtained(r);
    if (ex.bodyless() || replay != null) {
      // Nothing to upload, or only bytes already in memory: the response clock starts now.
      long now = System.nanoTime();
      current.awaitHead(ex.clip(route.config.responseTimeoutMs(), now), now);
    }
    return r;
  }
}
