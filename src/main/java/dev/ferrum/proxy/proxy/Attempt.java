package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.health.OutcomeReporter;
import dev.ferrum.proxy.upstream.Backend;
import dev.ferrum.proxy.upstream.Watchdog;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;

import java.util.concurrent.TimeUnit;

/**
 * One attempt of an exchange on one backend: its probe slot, its upstream request once a
 * connection was obtained, and its response-head timeout. As a {@link Watchdog.Watch} it is that
 * timeout: armed once the request is fully sent, disarmed when the attempt ends; firing resets the
 * upstream request, which fails the attempt with {@link FailureKind#RESPONSE_TIMEOUT}.
 */
final class Attempt extends Watchdog.Watch {

  private static final Handler<Throwable> IGNORE = t -> { };

  final Backend backend;
  private final boolean probe;
  private final long startNanos;
  private final Timer timer;
  private final Watchdog watchdog;
  private final OutcomeReporter reporter;
  private HttpClientRequest upstream;
  private boolean open = true;
  private long dueNanos;
  private long timeoutMs;

  Attempt(Backend backend, Timer timer, Watchdog watchdog, OutcomeReporter reporter, long nowNanos) {
    this.backend = backend;
    this.timer = timer;
    this.watchdog = watchdog;
    this.reporter = reporter;
    this.startNanos = nowNanos;
    this.probe = backend.begin();
  }

  /** The connector obtained this attempt's upstream request. */
  void obtained(HttpClientRequest r) {
    upstream = r;
    // Failures of the exchange reach us through its response future; without a handler Vert.x
    // would also log each reset we cause on purpose as an error.
    r.exceptionHandler(IGNORE);
  }

  /** Whether a connection was obtained, so the request may have reached the backend. */
  boolean obtained() {
    return upstream != null;
  }

  boolean open() {
    return open;
  }

  /** The whole request went upstream: from now on the backend has {@code ms} to send the head. */
  void awaitHead(long ms, long nowNanos) {
    if (!open || upstream == null) {
      return;
    }
    timeoutMs = ms;
    dueNanos = nowNanos + ms * 1_000_000;
    watchdog.add(this);
  }

  /**
   * Ends the attempt with its outcome: times it and tells the health checker when it needs to know.
   * Idempotent. Returns the acknowledgement of a failure report, else null.
   */
  Future<Void> end(OutcomeKind outcome, int status, long nowNanos) {
    if (!open) {
      return null;
    }
    open = false;
    watchdog.remove(this);
    timer.record(nowNanos - startNanos, TimeUnit.NANOSECONDS);
    return backend.end(probe, outcome, status, reporter);
  }

  /** The client left while this attempt waited: no verdict on the backend, and the request is reset. */
  void abandon() {
    if (!open) {
      return;
    }
    open = false;
    watchdog.remove(this);
    backend.end(probe, OutcomeKind.NO_VERDICT, 0, reporter);
    reset();
  }

  /** A failure found after the attempt ended (mid-body, or an oversized declared length). */
  void lateFailure(OutcomeKind outcome) {
    backend.end(false, outcome, 0, reporter);
  }

  void reset() {
    if (upstream != null) {
      upstream.reset();
    }
  }

  @Override
  protected boolean poll(long now) {
    if (now < dueNanos) {
      return false;
    }
    if (upstream != null && open) {
      upstream.reset(0, new UpstreamFailure(FailureKind.RESPONSE_TIMEOUT, "no response head within " + timeoutMs + " ms"));
    }
    return true;
  }
}
