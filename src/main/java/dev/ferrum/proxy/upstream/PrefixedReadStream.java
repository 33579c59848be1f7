package dev.ferrum.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The bytes already read from a stream, followed by the rest of that stream: lets a body that
 * outgrew its replay buffer still go upstream whole, streamed.
 */
final class PrefixedReadStream implements ReadStream<Buffer> {

  private final Buffer prefix;
  private final ReadStream<Buffer> rest;
  private Handler<Buffer> handler;
  private boolean prefixSent;

  PrefixedReadStream(Buffer prefix, ReadStream<Buffer> rest) {
    this.prefix = prefix;
    this.rest = rest;
    rest.pause();
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    rest.exceptionHandler(h);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    handler = h;
    if (prefixSent) {
      rest.handler(h);
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    rest.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (!prefixSent) {
      prefixSent = true;
      rest.handler(handler);
      if (handler != null && prefix.length() > 0) {
        handler.handle(prefix);
      }
    }
    rest.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    rest.endHandler(h);
    return this;
  }
}
