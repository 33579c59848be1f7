package dev.ferrum.proxy.netty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The startup self-check passes on this classpath and catches a decoder without our protections. */
class SelfCheckTest {

  private static final HttpServerOptions OPTIONS = new HttpServerOptions().setHttp2ClearTextEnabled(false);
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theStrictDecoderPassesEveryInMemoryCheck() {
    assertEquals(List.of(), SelfCheck.inMemory(OPTIONS));
  }

  @Test
  void vertxsOwnDecoderIsCaughtLettingBothSmugglingRequestsThrough() {
    List<String> problems = SelfCheck.decoderProblems(() -> new VertxHttpRequestDecoder(OPTIONS));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("request smuggling check"), problems.toString());
    assertTrue(problems.get(1).startsWith("chunk-size line check"), problems.toString());
  }

  @Test
  void onARealLoopbackConnectionTheGuardInstallsAndTheSmugglingRequestIsRefused() throws Exception {
    GuardSettings settings = new GuardSettings() {
      @Override
      public Timeouts timeouts() {
        return new Timeouts(TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(30));
      }

      @Override
      public byte[] answer(Rejection r) {
        return "HTTP/1.1 400 X\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      }

      @Override
      public void rejected(Rejection r) {
      }
    };
    List<String> problems = SelfCheck.onLoopback(vertx, OPTIONS, settings).await(20, TimeUnit.SECONDS);
    assertEquals(List.of(), problems);
  }
}
