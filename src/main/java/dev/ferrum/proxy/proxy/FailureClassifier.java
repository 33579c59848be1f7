package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.upstream.BodyFailure;
import dev.ferrum.proxy.netty.NettyAdapter;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Maps whatever an exchange failed with to one {@link FailureKind}: an attempt's failed future,
 * and a guarded body that stopped. Pure functions of what they are given.
 */
final class FailureClassifier {

  private FailureClassifier() {
  }

  /**
   * How an attempt failed, all things considered: a request body the client broke decides (the
   * client's fault, whatever the upstream side then saw); then a client that left (we reset the
   * exchange ourselves, the backend did nothing wrong); then the failure itself, where a wait cut
   * short by the route's deadline is that deadline's.
   */
  static FailureKind attempt(Throwable t, boolean requestObtained, FailureKind requestBodyFailure, boolean clientGone,
      boolean routeDeadlinePassed) {
    if (requestBodyFailure != null) {
      return requestBodyFailure;
    }
    if (clientGone) {
      return FailureKind.CLIENT_DISCONNECTED;
    }
    FailureKind k = classify(t, requestObtained);
    return k.waitedTooLong() && routeDeadlinePassed ? FailureKind.DEADLINE_EXCEEDED : k;
  }

  /** Why a request body the client sends stopped. */
  static FailureKind requestBody(BodyFailure f) {
    return switch (f) {
      case TOO_LARGE -> FailureKind.REQUEST_TOO_LARGE;
      case IDLE_TIMEOUT -> FailureKind.CLIENT_BODY_TIMEOUT;
      default -> FailureKind.CLIENT_DISCONNECTED;
    };
  }

  /**
   * Why a response body on its way to the client stopped.
   *
   * @param clientGone the client connection is closed
   * @param shutdownCut the graceful-shutdown deadline has passed (we cut it, not the client)
   */
  static FailureKind responseBody(BodyFailure f, boolean clientGone, boolean shutdownCut) {
    return switch (f) {
      case TOO_LARGE -> FailureKind.RESPONSE_BODY_TOO_LARGE;
      case IDLE_TIMEOUT -> FailureKind.READ_TIMEOUT;
      case SEND_TIMEOUT -> FailureKind.CLIENT_SEND_TIMEOUT;
      case SOURCE_FAILED -> !clientGone ? FailureKind.UPSTREAM_BODY_FAILED
          : shutdownCut ? FailureKind.SHUTDOWN_CUT : FailureKind.CLIENT_DISCONNECTED;
    };
  }

  /**
   * @param requestObtained whether a connection had been obtained and the request started; before
   *     that nothing can have reached the backend
   */
  static FailureKind classify(Throwable t, boolean requestObtained) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof UpstreamFailure f) {
        return f.kind();
      }
    }
    if (t instanceof TimeoutException) {
      return requestObtained ? FailureKind.RESPONSE_TIMEOUT : FailureKind.CONNECT_TIMEOUT;
    }
    if (!requestObtained) {
      if (t instanceof ConnectException && String.valueOf(t.getMessage()).toLowerCase().contains("refused")) {
        return FailureKind.CONNECT_REFUSED;
      }
      return FailureKind.CONNECT_FAILED;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof NoRouteToHostException) {
        return FailureKind.CONNECT_FAILED;
      }
      if (NettyAdapter.prematureClose(c)) {
        return FailureKind.UPSTREAM_RESET;
      }
      if (NettyAdapter.undecodable(c)
          || c instanceof IllegalArgumentException || c instanceof NumberFormatException) {
        return FailureKind.INVALID_RESPONSE;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return FailureKind.UPSTREAM_RESET;
  }
}
