package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.telemetry.AccessLogEntry;
import dev.ferrum.proxy.telemetry.ProxyMetrics;
import dev.ferrum.proxy.upstream.AttemptTarget;
import dev.ferrum.proxy.upstream.Backend;
import dev.ferrum.proxy.upstream.BodyFailure;
import dev.ferrum.proxy.upstream.GuardedBody;
import dev.ferrum.proxy.upstream.ReplayBody;
import dev.ferrum.proxy.upstream.Watchdog;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.ProxyContext;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything one client request carries through the interceptor chain, created once by the
 * routing interceptor and stored under a single key. It is also the request's completion hook:
 * as the server response's end handler it runs exactly once, however the exchange ended, and
 * records metrics and the access-log line.
 *
 * <p>As a {@link Predicate} it is the balancer's acceptance test: a backend that admits traffic
 * and, on a retry, one this request has not tried yet.
 */
final class RequestState implements Handler<Void>, Predicate<Backend>, AccessLogEntry, AttemptTarget {

  private static final String KEY = "ferrum.request";
  private static final Handler<Throwable> IGNORE = t -> { };

  final ProxyServices services;
  final ProxySnapshot snapshot;
  final HttpServerRequest request;
  final long startNanos = System.nanoTime();
  final long startMillis = System.currentTimeMillis();

  ActiveRoute route;
  String requestId;
  String forwardPath;

  /** The backend of the current (last) attempt. */
  Backend backend;
  int attempts;
  private Backend firstTried;
  private Backend[] moreTried;
  private boolean excludeTried;
  private boolean currentIsProbe;
  private boolean attemptOpen;

  /** The upstream request of the current attempt, once a connection was obtained. */
  HttpClientRequest upstreamRequest;
  long attemptStartNanos;

  /** When the whole exchange must be over (retry budget or route deadline); MAX_VALUE for none. */
  long deadlineNanos = Long.MAX_VALUE;
  /** The request has no body, so the response timeout starts as soon as the request is sent. */
  boolean bodyless;
  /** The first attempt's backend, chosen by the routing interceptor. */
  Backend firstBackend;

  /** Method and config allow repeating this request after the backend saw it. */
  boolean safeToRepeat;
  /** The body every attempt sends, when it can be replayed; null while it streams once. */
  ReplayBody replay;
  /** The original request body started flowing upstream (so it cannot be sent again). */
  boolean bodyStarted;
  /** The client side broke the request body (too large, too slow): that decides the answer. */
  FailureKind bodyFailure;
  /** How the last failed attempt failed. */
  FailureKind lastFailure;

  /** Bytes reserved from the shared replay budget, released at completion. */
  long replayReserved;
  /** A retryable upstream response kept while another attempt runs. */
  io.vertx.httpproxy.ProxyResponse heldResponse;

  FailureKind failure;
  boolean closeConnection;
  long requestBodyBytes;
  long responseBodyBytes;
  boolean completed;

  RequestState(ProxyServices services, ProxySnapshot snapshot, HttpServerRequest request) {
    this.services = services;
    this.snapshot = snapshot;
    this.request = request;
  }

  static RequestState of(ProxyContext ctx) {
    return ctx.get(KEY, RequestState.class);
  }

  void attach(ProxyContext ctx) {
    ctx.set(KEY, this);
    services.metrics.requestStarted();
    request.response().endHandler(this);
  }

  // ---- backend choice ----

  /** Picks the backend for the next attempt: an untried one if possible, else any that admits. */
  Backend chooseBackend() {
    excludeTried = firstTried != null;
    Backend b = route.pick(this);
    if (b == null && excludeTried) {
      excludeTried = false;
      b = route.pick(this);
    }
    return b;
  }

  @Override
  public boolean test(Backend b) {
    if (!b.admits()) {
      return false;
    }
    return !excludeTried || !wasTried(b);
  }

  private boolean wasTried(Backend b) {
    if (firstTried == b) {
      return true;
    }
    if (moreTried != null) {
      for (Backend t : moreTried) {
        if (t == b) {
          return true;
        }
      }
    }
    return false;
  }

  /** Starts an attempt on {@code b}. */
  void beginAttempt(Backend b) {
    rememberTried(b);
    backend = b;
    attempts++;
    upstreamRequest = null;
    attemptStartNanos = System.nanoTime();
    currentIsProbe = b.begin();
    attemptOpen = true;
  }

  /** The first backend costs a field; only a request retried onto a third one allocates. */
  private void rememberTried(Backend b) {
    if (firstTried == null) {
      firstTried = b;
      return;
    }
    if (wasTried(b)) {
      return;
    }
    Backend[] next = moreTried == null ? new Backend[1] : java.util.Arrays.copyOf(moreTried, moreTried.length + 1);
    next[next.length - 1] = b;
    moreTried = next;
  }

  /**
   * Ends the current attempt with its outcome: times it, and tells the health checker when it
   * needs to know. Idempotent per attempt.
   */
  void endAttempt(OutcomeKind outcome, int status) {
    if (!attemptOpen) {
      return;
    }
    attemptOpen = false;
    headWait.disarm();
    route.upstreamTimer(backend).record(System.nanoTime() - attemptStartNanos, TimeUnit.NANOSECONDS);
    failureReported = backend.end(currentIsProbe, outcome, status, services.reporter);
  }

  /** Acknowledgement of the last attempt's failure report, or null. */
  io.vertx.core.Future<Void> failureReported;

  /** A failure seen after the attempt ended (mid-body): the backend hears of it too. */
  void lateFailure(FailureKind kind) {
    if (failure == null) {
      failure = kind;
    }
    if (backend != null && kind.outcome() != null && !ConnectionCloser.clientGone(request)) {
      backend.end(false, kind.outcome(), 0, services.reporter);
    }
  }

  // ---- attempt timing (AttemptTarget) ----

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public long connectTimeoutMs() {
    return clip(route.config.connectTimeoutMs());
  }

  long responseTimeoutMs() {
    return clip(route.config.responseTimeoutMs());
  }

  /** Milliseconds left before the deadline, at least 1; MAX_VALUE when there is none. */
  long remainingMs() {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  private long clip(long ms) {
    return Math.min(ms, remainingMs());
  }

  /** The connector obtained the attempt's upstream request. */
  @Override
  public HttpClientRequest apply(HttpClientRequest r) {
    upstreamRequest = r;
    // Failures of the exchange reach us through its response future; without a handler Vert.x
    // would also log each reset we cause on purpose as an error.
    r.exceptionHandler(IGNORE);
    if (bodyless || replay != null) {
      // Nothing to upload, or only bytes already in memory: the response clock starts now.
      headWait.arm(responseTimeoutMs());
    }
    return r;
  }

  /** The whole request body went upstream: from now on the backend has the response timeout to answer. */
  void requestBodySent() {
    if (upstreamRequest != null && attemptOpen) {
      headWait.arm(responseTimeoutMs());
    }
  }

  /**
   * The response-head timeout of the current attempt, as a watchdog entry: armed once the request
   * is fully sent, disarmed when the head (or a failure) arrives; firing resets the upstream
   * request, which fails the attempt with {@link FailureKind#RESPONSE_TIMEOUT}.
   */
  private final class HeadWait extends Watchdog.Watch {
    private long dueNanos;
    private long timeoutMs;

    void arm(long ms) {
      timeoutMs = ms;
      dueNanos = System.nanoTime() + ms * 1_000_000;
      services.watchdog.add(this);
    }

    void disarm() {
      services.watchdog.remove(this);
    }

    @Override
    protected boolean poll(long now) {
      if (now < dueNanos) {
        return false;
      }
      HttpClientRequest r = upstreamRequest;
      if (r != null && attemptOpen) {
        r.reset(0, new UpstreamFailure(FailureKind.RESPONSE_TIMEOUT, "no response head within " + timeoutMs + " ms"));
      }
      return true;
    }
  }

  private final HeadWait headWait = new HeadWait();

  // ---- body guards' listeners ----

  GuardedBody.Listener requestBodyListener() {
    return new GuardedBody.Listener() {
      @Override
      public void bodyStarted() {
        bodyStarted = true;
      }

      @Override
      public void bodyEnded(long bytes) {
        requestBodySent();
      }

      @Override
      public void bodyFailed(BodyFailure f, long bytes) {
        bodyFailure = switch (f) {
          case TOO_LARGE -> FailureKind.REQUEST_TOO_LARGE;
          case IDLE_TIMEOUT -> FailureKind.CLIENT_BODY_TIMEOUT;
          default -> FailureKind.CLIENT_DISCONNECTED;
        };
      }
    };
  }

  GuardedBody.Listener responseBodyListener() {
    return new GuardedBody.Listener() {
      @Override
      public void bodyStarted() {
      }

      @Override
      public void bodyEnded(long bytes) {
      }

      @Override
      public void bodyFailed(BodyFailure f, long bytes) {
        switch (f) {
          case TOO_LARGE -> lateFailure(FailureKind.RESPONSE_BODY_TOO_LARGE);
          case IDLE_TIMEOUT -> lateFailure(FailureKind.READ_TIMEOUT);
          case SEND_TIMEOUT -> failure = FailureKind.CLIENT_SEND_TIMEOUT;
          default -> {
            if (ConnectionCloser.clientGone(request)) {
              failure = clientGone();
            } else {
              lateFailure(FailureKind.UPSTREAM_BODY_FAILED);
            }
          }
        }
        // Last: closing completes the request at once, and it must already know why.
        ConnectionCloser.cut(request);
      }
    };
  }

  // ---- completion ----

  @Override
  public void handle(Void v) {
    if (completed) {
      return;
    }
    completed = true;
    if (attemptOpen) {
      // The client went away while we waited for the backend: not the backend's fault.
      attemptOpen = false;
      headWait.disarm();
      backend.end(currentIsProbe, OutcomeKind.SUCCESS, 0, services.reporter);
      HttpClientRequest r = upstreamRequest;
      if (r != null) {
        r.reset();
      }
    }
    if (replayReserved > 0) {
      services.releaseReplay(replayReserved);
      replayReserved = 0;
    }
    if (heldResponse != null) {
      heldResponse.release();
      heldResponse = null;
    }
    HttpServerResponse response = request.response();
    boolean cut = response.closed() && !response.ended();
    if (cut && failure == null) {
      failure = clientGone();
    }
    int status = cut ? 0 : response.getStatusCode();
    long nanos = System.nanoTime() - startNanos;
    if (failure != null) {
      services.metrics.error(failure.label());
    }
    ProxyMetrics metrics = services.metrics;
    metrics.requestFinished();
    (route != null ? route.meters : services.unroutedMeters)
        .requestCompleted(status, nanos, request.bytesRead(), response.bytesWritten());
    responseBodyBytes = response.bytesWritten();
    requestBodyBytes = request.bytesRead();
    snapshot.accessLog.log(this);
  }

  /** The client connection is gone: cut by our graceful-shutdown deadline, or by the client. */
  private FailureKind clientGone() {
    return services.shutdownDeadlinePassed() ? FailureKind.SHUTDOWN_CUT : FailureKind.CLIENT_DISCONNECTED;
  }

  // ---- access log view ----

  @Override
  public long startEpochMillis() {
    return startMillis;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String clientAddress() {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public int queryLength() {
    String q = request.query();
    return q == null ? 0 : q.length();
  }

  @Override
  public String routeLabel() {
    return route == null ? null : route.prefix;
  }

  @Override
  public String backendKey() {
    return backend == null ? null : backend.key();
  }

  @Override
  public int status() {
    HttpServerResponse r = request.response();
    return r.closed() && !r.ended() ? 0 : r.getStatusCode();
  }

  @Override
  public long requestBytes() {
    return requestBodyBytes;
  }

  @Override
  public long responseBytes() {
    return responseBodyBytes;
  }

  @Override
  public long durationMicros() {
    return (System.nanoTime() - startNanos) / 1000;
  }

  @Override
  public int attempts() {
    return attempts;
  }

  @Override
  public String errorKind() {
    return failure == null ? null : failure.label();
  }
}
