package dev.ferrum.proxy.upstream;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.health.BackendState;
import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.health.OutcomeReporter;
import io.vertx.core.net.SocketAddress;

/**
 * A backend as one proxy instance sees it: where it is, what the checker last said about it, and
 * the little local bookkeeping the request path needs. One object per backend and instance,
 * shared by every route that lists it; touched from that instance's event loop only.
 */
public final class Backend {

  private final BackendAddress address;
  private final SocketAddress socketAddress;
  private BackendState state = BackendState.HEALTHY;
  private int probesInFlight;
  private int maxProbes = 1;
  private boolean failureStreak;

  public Backend(BackendAddress address) {
    this.address = address;
    this.socketAddress = SocketAddress.inetSocketAddress(address.port(), address.host());
  }

  public String key() {
    return address.key();
  }

  public BackendAddress address() {
    return address;
  }

  public SocketAddress socketAddress() {
    return socketAddress;
  }

  public BackendState state() {
    return state;
  }

  public void state(BackendState state, int maxProbes) {
    if (this.state != state) {
      probesInFlight = 0;
    }
    this.state = state;
    this.maxProbes = maxProbes;
  }

  /**
   * Whether a new request may go here now: always when healthy; when probing only while fewer
   * than {@code probe_requests} trial requests of this instance are in flight.
   */
  public boolean admits() {
    return state == BackendState.HEALTHY || (state == BackendState.PROBING && probesInFlight < maxProbes);
  }

  /** Marks the start of an exchange; returns whether it counts as a probe (to be ended later). */
  public boolean begin() {
    if (state == BackendState.PROBING) {
      probesInFlight++;
      return true;
    }
    return false;
  }

  /**
   * Records how an exchange ended and reports it when the checker needs to know: every failure,
   * and a success only when it ends a local failure streak or decides a probe. No verdict only
   * frees the probe slot: it neither ends a failure streak nor decides a probe. Returns the
   * acknowledgement of a failure report (see {@link OutcomeReporter#report}), else null.
   */
  public io.vertx.core.Future<Void> end(boolean wasProbe, OutcomeKind kind, int status, OutcomeReporter reporter) {
    if (wasProbe && probesInFlight > 0) {
      probesInFlight--;
    }
    if (kind == OutcomeKind.NO_VERDICT) {
      return null;
    }
    if (kind.failure()) {
      failureStreak = true;
      return reporter.report(key(), kind, status);
    }
    if (failureStreak || wasProbe || state == BackendState.PROBING) {
      failureStreak = false;
      reporter.report(key(), kind, status);
    }
    return null;
  }

  @Override
  public String toString() {
    return address.key() + "(" + state.label() + ")";
  }
}
