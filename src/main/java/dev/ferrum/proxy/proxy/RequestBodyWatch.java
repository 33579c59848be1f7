package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.upstream.BodyFailure;
import dev.ferrum.proxy.upstream.GuardedBody;

/**
 * What the attempt loop needs to know of the client's request body as it flows: whether it started
 * going upstream (then it cannot be sent again) and why the client broke it, if it did. Its end
 * starts the response-head clock of the current attempt.
 */
final class RequestBodyWatch implements GuardedBody.Listener {

  private final ExchangeContext c;
  private boolean started;
  private FailureKind failure;

  RequestBodyWatch(ExchangeContext c) {
    this.c = c;
  }

  boolean started() {
    return started;
  }

  /** The client's fault that stopped the body, or null. */
  FailureKind failure() {
    return failure;
  }

  @Override
  public void bodyStarted() {
    started = true;
  }

  @Override
  public void bodyEnded(long bytes) {
    AttemptLoop loop = c.loop();
    if (loop != null) {
      loop.requestBodySent();
    }
  }

  @Override
  public void bodyFailed(BodyFailure f, long bytes) {
    failure = FailureClassifier.requestBody(f);
  }
}
