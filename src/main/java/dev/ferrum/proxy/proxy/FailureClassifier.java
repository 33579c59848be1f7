package dev.ferrum.proxy.proxy;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Maps whatever an upstream exchange failed with to one {@link FailureKind}. */
final class FailureClassifier {

  private FailureClassifier() {
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
      if (c instanceof PrematureChannelClosureException) {
        return FailureKind.UPSTREAM_RESET;
      }
      if (c instanceof DecoderException || c instanceof TooLongFrameException
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
