package dev.ferrum.proxy.netty;

import dev.ferrum.proxy.upstream.Watchdog;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Proves at startup that the protections which depend on Vert.x and Netty internals work with the
 * versions on the classpath: the strict decoder refuses a request with both Content-Length and
 * Transfer-Encoding and a bare CR in a chunk-size line (in memory), and on a real loopback
 * connection the guard goes into Vert.x's pipeline and the smuggling request is answered 400.
 * Each problem is one line naming the protection.
 */
final class SelfCheck {

  /** Test-only: names a hook to treat as missing, to prove that startup then refuses. */
  static final String SIMULATE_PROPERTY = "ferrum.selfcheck.simulate_missing";
  static final String HOOK_DECODER_STATE = "decoder_state";
  static final String HOOK_CONNECTION_GUARD = "connection_guard";

  static final String SMUGGLING = "POST / HTTP/1.1\r\nHost: self-check\r\nContent-Length: 5\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  static final String BARE_CR_CHUNK = "POST / HTTP/1.1\r\nHost: self-check\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "3;x\ry\r\nabc\r\n0\r\n\r\n";
  static final String CLEAN_CHUNKED = "POST / HTTP/1.1\r\nHost: self-check\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "3;x=y\r\nabc\r\n0\r\n\r\n";

  private static final long LOOPBACK_TIMEOUT_MS = 5_000;

  private SelfCheck() {
  }

  static boolean simulated(String hook) {
    return hook.equals(System.getProperty(SIMULATE_PROPERTY));
  }

  /** The decoder checks, on an in-memory channel. */
  static List<String> inMemory(HttpServerOptions options) {
    List<String> problems = new ArrayList<>();
    if (!StrictRequestDecoder.chunkLineCheckAvailable()) {
      problems.add("chunk-size line check: Netty's HttpObjectDecoder.currentState is not reachable");
    }
    problems.addAll(decoderProblems(() -> new StrictRequestDecoder(options)));
    return problems;
  }

  /** What a request decoder lets through that the strict one must not (a seam for tests). */
  static List<String> decoderProblems(Supplier<ChannelHandler> decoder) {
    List<String> problems = new ArrayList<>();
    if (!decodeFails(decoder, SMUGGLING)) {
      problems.add("request smuggling check: a request with Content-Length and Transfer-Encoding was accepted");
    }
    if (!decodeFails(decoder, BARE_CR_CHUNK)) {
      problems.add("chunk-size line check: a bare CR in a chunk extension was accepted");
    }
    if (decodeFails(decoder, CLEAN_CHUNKED)) {
      problems.add("strict decoder: a valid chunked request was refused");
    }
    return problems;
  }

  private static boolean decodeFails(Supplier<ChannelHandler> decoder, String request) {
    EmbeddedChannel ch = new EmbeddedChannel(decoder.get());
    boolean failed = false;
    try {
      ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
      for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
        failed |= m instanceof HttpObject o && o.decoderResult().isFailure();
        ReferenceCountUtil.release(m);
      }
    } catch (RuntimeException e) {
      failed = true;
    } finally {
      ch.finishAndReleaseAll();
    }
    return failed;
  }

  /** The guard on a real connection: installed, and the smuggling request answered 400. */
  static Future<List<String>> onLoopback(Vertx vertx, HttpServerOptions options, GuardSettings settings) {
    List<String> problems = new ArrayList<>();
    Watchdog watchdog = new Watchdog(vertx, 1_000);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions(options).setHost("127.0.0.1").setPort(0));
    server.connectionHandler(conn -> {
      try {
        NettyAdapter.installOrThrow(conn, watchdog, settings, options);
      } catch (RuntimeException e) {
        problems.add("connection guard: " + e.getMessage());
        conn.close();
      }
    });
    server.invalidRequestHandler(req -> req.response().setStatusCode(400).putHeader("connection", "close").end());
    server.requestHandler(req -> req.response().setStatusCode(200).putHeader("connection", "close").end());
    NetClient client = vertx.createNetClient();
    return server.listen()
        .compose(s -> client.connect(s.actualPort(), "127.0.0.1"))
        .compose(socket -> answerTo(vertx, socket))
        .map(answer -> {
          if (problems.isEmpty() && !answer.startsWith("HTTP/1.1 400")) {
            problems.add("request smuggling check: on a real connection a request with Content-Length and "
                + "Transfer-Encoding got " + (answer.isEmpty() ? "no answer" : answer.lines().findFirst().orElse("")));
          }
          return problems;
        })
        .recover(e -> Future.succeededFuture(List.of("loopback self-check could not run: " + e)))
        .eventually(() -> {
          watchdog.close();
          return client.close().eventually(server::close);
        });
  }

  private static Future<String> answerTo(Vertx vertx, NetSocket socket) {
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    long timer = vertx.setTimer(LOOPBACK_TIMEOUT_MS, id -> answer.tryComplete(received.toString(StandardCharsets.ISO_8859_1)));
    socket.handler(b -> {
      received.appendBuffer(b);
      // The status line is all the check needs; it does not wait for the close.
      if (received.toString(StandardCharsets.ISO_8859_1).contains("\r\n")) {
        vertx.cancelTimer(timer);
        answer.tryComplete(received.toString(StandardCharsets.ISO_8859_1));
      }
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer);
      answer.tryComplete(received.toString(StandardCharsets.ISO_8859_1));
    });
    socket.write(SMUGGLING);
    return answer.future().onComplete(ar -> socket.close());
  }
}
