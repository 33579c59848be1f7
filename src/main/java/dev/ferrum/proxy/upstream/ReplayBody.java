package dev.ferrum.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;

/**
 * A request body kept in memory so every attempt can send it again. Each {@link #stream()} is a
 * fresh read of the same bytes. An empty body of a request that had none reports length -1, so
 * no {@code Content-Length: 0} is invented for a body-less GET.
 */
public final class ReplayBody implements Body {

  private static final ReplayBody NONE = new ReplayBody(Buffer.buffer(), -1, null);

  private final Buffer content;
  private final long length;
  private final String mediaType;

  private ReplayBody(Buffer content, long length, String mediaType) {
    this.content = content;
    this.length = length;
    this.mediaType = mediaType;
  }

  /** The body of a request that has none. */
  public static ReplayBody none() {
    return NONE;
  }

  public static ReplayBody of(Buffer content, String mediaType) {
    return new ReplayBody(content, content.length(), mediaType);
  }

  @Override
  public String mediaType() {
    return mediaType;
  }

  @Override
  public long length() {
    return length;
  }

  public int size() {
    return content.length();
  }

  @Override
  public ReadStream<Buffer> stream() {
    return new OnceReadStream(content);
  }

  /** Emits the content once when demand arrives, then ends. */
  private static final class OnceReadStream implements ReadStream<Buffer> {
    private final Buffer content;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean done;

    OnceReadStream(Buffer content) {
      this.content = content;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      if (!done && amount > 0) {
        done = true;
        if (handler != null && content.length() > 0) {
          handler.handle(content);
        }
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      endHandler = h;
      return this;
    }
  }
}
