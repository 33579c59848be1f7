package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.netty.NettyAdapter;
import dev.ferrum.proxy.upstream.BodyFailure;
import dev.ferrum.proxy.upstream.GuardedBody;

/**
 * Hears a response body that stopped on its way to the client. The status is already out, so the
 * only honest signal left is to cut the client connection; the backend hears of it when it is to
 * blame.
 */
final class ResponseBodyWatch implements GuardedBody.Listener {

  private final ExchangeContext c;
  private final AttemptLoop loop;

  ResponseBodyWatch(ExchangeContext c, AttemptLoop loop) {
    this.c = c;
    this.loop = loop;
  }

  @Override
  public void bodyStarted() {
  }

  @Override
  public void bodyEnded(long bytes) {
  }

  @Override
  public void bodyFailed(BodyFailure f, long bytes) {
    FailureKind kind = FailureClassifier.responseBody(f, NettyAdapter.clientGone(c.request),
        c.services.shutdownDeadlinePassed());
    loop.lateFailure(kind);
    // Last: closing completes the exchange at once, and it must already know why.
    NettyAdapter.cut(c.request);
  }
}
