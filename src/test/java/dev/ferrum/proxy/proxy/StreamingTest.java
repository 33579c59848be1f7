package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.Await;
import dev.ferrum.proxy.support.Configs;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 50 MiB response crosses the proxy as a stream, held back by a slow client. */
class StreamingTest {

  static final long SIZE = 50L * 1024 * 1024;
  static final int CHUNK = 64 * 1024;

  Vertx backends = Vertx.vertx();
  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    backends.close();
  }

  @Test
  void streams50MiBWithoutHoldingItInMemory() throws Exception {
    AtomicLong written = new AtomicLong();
    try (TestBackend big = TestBackend.start(backends, "big")) {
      big.handler(req -> {
        HttpServerResponse resp = req.response().setChunked(true);
        writeMore(resp, written);
      });
      proxy = ProxyHarness.start(Configs.oneRoute(60, big.url()));

      HttpClient client = backends.createHttpClient();
      // Paused on the event loop as soon as the head is there: no chunk can arrive before a handler.
      HttpClientResponse resp = Await.result(client.request(new RequestOptions().setMethod(HttpMethod.GET)
          .setHost("127.0.0.1").setPort(proxy.port).setURI("/api/big")).compose(r -> r.send())
          .map(r -> {
            r.pause();
            return r;
          }));
      assertEquals(200, resp.statusCode());
      // The client reads nothing for a while: the backend must be held back, not drained into the proxy.
      Thread.sleep(1500);
      long aheadWhilePaused = written.get();
      assertTrue(aheadWhilePaused < 24L * 1024 * 1024,
          "backend wrote " + aheadWhilePaused + " bytes while the client read none: the proxy buffered it");

      AtomicLong received = new AtomicLong();
      AtomicLong checksum = new AtomicLong();
      Promise<Void> done = Promise.promise();
      resp.handler(buf -> {
        for (int i = 0; i < buf.length(); i++) {
          checksum.addAndGet(buf.getByte(i) & 0xff);
        }
        received.addAndGet(buf.length());
      });
      resp.endHandler(v -> done.complete());
      resp.exceptionHandler(done::tryFail);
      backends.runOnContext(v -> resp.resume());
      Await.result(done.future(), 120);
      assertEquals(SIZE, received.get());
      assertEquals(expectedChecksum(), checksum.get());
    }
  }

  private static void writeMore(HttpServerResponse resp, AtomicLong written) {
    while (!resp.writeQueueFull()) {
      long done = written.get();
      if (done >= SIZE) {
        resp.end();
        return;
      }
      int n = (int) Math.min(CHUNK, SIZE - done);
      resp.write(chunk(done, n));
      written.addAndGet(n);
    }
    resp.drainHandler(v -> writeMore(resp, written));
  }

  private static Buffer chunk(long offset, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((offset + i) % 251);
    }
    return Buffer.buffer(b);
  }

  private static long expectedChecksum() {
    long sum = 0;
    for (long i = 0; i < SIZE; i++) {
      sum += (i % 251);
    }
    return sum;
  }
}
