package dev.ferrum.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedBodyTest {

  private static final long MS = 1_000_000;
  private long now;
  private final Watchdog dog = new Watchdog(() -> now);
  private final Source source = new Source();
  private final Heard heard = new Heard();
  private final List<Buffer> delivered = new ArrayList<>();
  private Throwable failedWith;
  private boolean ended;

  /** A read stream the test pushes into. */
  private static final class Source implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;
    Handler<Throwable> error;
    boolean paused;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      error = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      paused = false;
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      end = h;
      return this;
    }
  }

  private static final class Heard implements GuardedBody.Listener {
    boolean started;
    long endedAt = -1;
    BodyFailure failure;

    @Override
    public void bodyStarted() {
      started = true;
    }

    @Override
    public void bodyEnded(long bytes) {
      endedAt = bytes;
    }

    @Override
    public void bodyFailed(BodyFailure f, long bytes) {
      failure = f;
    }
  }

  private GuardedBody guard(long limit, long idleMs, long sendMs) {
    GuardedBody g = new GuardedBody(source, dog, limit, idleMs, sendMs, heard);
    g.handler(delivered::add);
    g.exceptionHandler(t -> failedWith = t);
    g.endHandler(v -> ended = true);
    return g;
  }

  @Test
  void passesBytesThroughAndCountsThem() {
    GuardedBody g = guard(10, 0, 0);
    g.resume();
    source.handler.handle(Buffer.buffer("hello"));
    source.end.handle(null);
    assertEquals(1, delivered.size());
    assertTrue(heard.started);
    assertEquals(5, heard.endedAt);
    assertEquals(5, g.bytes());
    assertTrue(ended);
    assertNull(failedWith);
  }

  @Test
  void crossingTheLimitFailsAndDeliversNoMore() {
    guard(4, 0, 0).resume();
    source.handler.handle(Buffer.buffer("abc"));
    source.handler.handle(Buffer.buffer("de"));
    assertEquals(1, delivered.size());
    assertEquals(BodyFailure.TOO_LARGE, heard.failure);
    assertInstanceOf(BodyException.class, failedWith);
  }

  @Test
  void aSilentSenderTimesOutButTimeHeldBackDoesNotCount() {
    GuardedBody g = guard(100, 50, 0);
    // Held (not yet resumed) for a long time: the sender is not to blame.
    now = 500 * MS;
    dog.sweep();
    assertNull(heard.failure);
    g.resume();
    now = 540 * MS;
    dog.sweep();
    assertNull(heard.failure);
    source.handler.handle(Buffer.buffer("x"));
    now = 580 * MS;
    dog.sweep();
    assertNull(heard.failure, "data at 540 ms restarted the idle clock");
    now = 591 * MS;
    dog.sweep();
    assertEquals(BodyFailure.IDLE_TIMEOUT, heard.failure);
  }

  @Test
  void aReceiverThatTakesNothingPastTheSendTimeoutFails() {
    GuardedBody g = guard(100, 0, 30);
    g.resume();
    g.pause();
    now = 20 * MS;
    dog.sweep();
    assertNull(heard.failure);
    now = 31 * MS;
    dog.sweep();
    assertEquals(BodyFailure.SEND_TIMEOUT, heard.failure);
  }

  @Test
  void aFailingSourceFailsTheBodyOnce() {
    guard(100, 0, 0).resume();
    source.error.handle(new RuntimeException("reset"));
    source.error.handle(new RuntimeException("again"));
    source.end.handle(null);
    assertEquals(BodyFailure.SOURCE_FAILED, heard.failure);
    assertEquals(-1, heard.endedAt);
    assertTrue(!ended);
  }
}
