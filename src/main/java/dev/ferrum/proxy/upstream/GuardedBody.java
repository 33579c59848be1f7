package dev.ferrum.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body on its way through the proxy, guarded as it flows and never buffered: it counts bytes
 * against a limit, fails when the sender goes quiet for longer than its idle timeout (time the
 * receiver held it back by back-pressure does not count), and fails when the receiver holds it
 * back for longer than the send timeout. Failing stops the flow and fails the pipe it feeds,
 * which resets both connections of that exchange.
 *
 * <p>Event-loop confined; one per request or response body.
 */
public final class GuardedBody extends Watchdog.Watch implements ReadStream<Buffer> {

  /** What the owner of the body hears. */
  public interface Listener {
    void bodyStarted();

    void bodyEnded(long bytes);

    void bodyFailed(BodyFailure failure, long bytes);
  }

  private final ReadStream<Buffer> source;
  private final Watchdog watchdog;
  private final long limit;
  private final long idleNanos;
  private final long sendNanos;
  private final Listener listener;
  private final Handler<Buffer> onData = this::onData;

  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long bytes;
  private long lastDataNanos;
  private long heldSinceNanos;
  private boolean held = true;
  private boolean started;
  private boolean done;

  /**
   * @param limit most bytes allowed; Long.MAX_VALUE for no limit
   * @param idleMs longest gap without bytes from the sender; 0 for none
   * @param sendMs longest time the receiver may hold the flow back; 0 for none
   */
  public GuardedBody(ReadStream<Buffer> source, Watchdog watchdog, long limit, long idleMs, long sendMs,
      Listener listener) {
    this.source = source;
    this.watchdog = watchdog;
    this.limit = limit;
    this.idleNanos = idleMs * 1_000_000;
    this.sendNanos = sendMs * 1_000_000;
    this.listener = listener;
    long now = watchdog.now();
    this.lastDataNanos = now;
    this.heldSinceNanos = now;
    source.exceptionHandler(this::onError);
    source.endHandler(v -> onEnd());
    if (idleNanos > 0 || sendNanos > 0) {
      watchdog.add(this);
    }
  }

  public long bytes() {
    return bytes;
  }

  private void onData(Buffer buf) {
    if (done) {
      return;
    }
    if (!started) {
      started = true;
      listener.bodyStarted();
    }
    bytes += buf.length();
    lastDataNanos = watchdog.now();
    if (bytes > limit) {
      fail(BodyFailure.TOO_LARGE, "body exceeds the " + limit + " byte limit");
      return;
    }
    Handler<Buffer> h = handler;
    if (h != null) {
      h.handle(buf);
    }
  }

  private void onEnd() {
    if (done) {
      return;
    }
    done = true;
    watchdog.remove(this);
    listener.bodyEnded(bytes);
    Handler<Void> h = endHandler;
    if (h != null) {
      h.handle(null);
    }
  }

  private void onError(Throwable t) {
    fail(BodyFailure.SOURCE_FAILED, String.valueOf(t.getMessage()));
  }

  /** Stops the flow and fails whoever consumes this stream. */
  public void fail(BodyFailure failure, String message) {
    if (done) {
      return;
    }
    done = true;
    watchdog.remove(this);
    listener.bodyFailed(failure, bytes);
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(new BodyException(failure, message));
    }
  }

  @Override
  protected boolean poll(long now) {
    if (done) {
      return true;
    }
    if (held) {
      if (sendNanos > 0 && now - heldSinceNanos >= sendNanos) {
        fail(BodyFailure.SEND_TIMEOUT, "receiver took nothing for " + sendNanos / 1_000_000 + " ms");
        return true;
      }
      return false;
    }
    if (idleNanos > 0 && now - lastDataNanos >= idleNanos) {
      fail(BodyFailure.IDLE_TIMEOUT, "no data for " + idleNanos / 1_000_000 + " ms");
      return true;
    }
    return false;
  }

  // ---- ReadStream ----

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    handler = h;
    source.handler(h == null ? null : onData);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    if (!held) {
      held = true;
      heldSinceNanos = watchdog.now();
    }
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    release();
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    release();
    source.fetch(amount);
    return this;
  }

  private void release() {
    if (held) {
      held = false;
      // The sender's idle clock starts when we are ready to take its bytes.
      lastDataNanos = watchdog.now();
    }
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }
}
