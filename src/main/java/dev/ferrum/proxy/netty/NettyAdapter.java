package dev.ferrum.proxy.netty;

import dev.ferrum.proxy.telemetry.EventLog;
import dev.ferrum.proxy.upstream.Watchdog;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place the proxy reaches below Vert.x's public API: the Netty channel of a connection
 * (to protect it, poison it, cut it, close it lingering), Netty's exception types, and two Netty
 * utilities. What depends on internals is proven at startup by {@link #selfCheck}; a protection
 * that cannot be installed stops the start, unless the operator opts out with
 * {@code -Dferrum.allow_unprotected=true}, which is logged as a warning.
 */
public final class NettyAdapter {

  public static final String ALLOW_UNPROTECTED_PROPERTY = "ferrum.allow_unprotected";

  /** Why the request head could not be parsed. */
  public enum HeadProblem { REQUEST_LINE_TOO_LONG, HEADERS_TOO_LARGE, MALFORMED }

  /** Thrown by {@link #selfCheck} when a protection does not work; the message is one line. */
  public static final class ProtectionUnavailable extends IllegalStateException {
    ProtectionUnavailable(String message) {
      super(message);
    }
  }

  private static final AtomicBoolean WARNED_UNPROTECTED = new AtomicBoolean();
  private static final AtomicBoolean LOGGED_INSTALL_FAILURE = new AtomicBoolean();

  private NettyAdapter() {
  }

  static boolean allowUnprotected() {
    return Boolean.getBoolean(ALLOW_UNPROTECTED_PROPERTY);
  }

  // ---- protections ----

  /**
   * Proves the protections work with the Vert.x and Netty on the classpath. Fails with
   * {@link ProtectionUnavailable} naming the first problem, unless the operator opted out: then
   * each problem is a {@code protection_unavailable} warning and the start goes on.
   */
  public static Future<Void> selfCheck(Vertx vertx, HttpServerOptions options, GuardSettings settings) {
    List<String> inMemory = SelfCheck.inMemory(options);
    return SelfCheck.onLoopback(vertx, options, settings).compose(loopback -> {
      List<String> problems = new java.util.ArrayList<>(inMemory);
      problems.addAll(loopback);
      if (problems.isEmpty()) {
        return Future.succeededFuture();
      }
      if (!allowUnprotected()) {
        return Future.failedFuture(new ProtectionUnavailable("protection unavailable: " + problems.get(0)
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
            + "; refusing to start without it (-D" + ALLOW_UNPROTECTED_PROPERTY + "=true runs unprotected)"));
      }
      for (String p : problems) {
        EventLog.warn("protection_unavailable", "problem", p, "allowed_by", ALLOW_UNPROTECTED_PROPERTY);
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Installs the strict decoder and the connection guard on a new client connection. When that
   * fails (after a passed self-check: a connection of a kind never seen before) the connection is
   * closed before it carries a request, unless the operator opted out of the protections.
   *
   * @return whether the connection is protected
   */
  public static boolean protect(HttpConnection conn, Watchdog watchdog, GuardSettings settings,
      HttpServerOptions options) {
    try {
      installOrThrow(conn, watchdog, settings, options);
      return true;
    } catch (RuntimeException e) {
      if (allowUnprotected()) {
        if (WARNED_UNPROTECTED.compareAndSet(false, true)) {
          EventLog.warn("protection_unavailable", "problem", "connection guard: " + e.getMessage(),
              "allowed_by", ALLOW_UNPROTECTED_PROPERTY);
        }
        return false;
      }
      if (LOGGED_INSTALL_FAILURE.compareAndSet(false, true)) {
        EventLog.error("protection_unavailable", "problem", "connection guard: " + e.getMessage(),
            "action", "connection_closed");
      }
      conn.close();
      return false;
    }
  }

  static void installOrThrow(HttpConnection conn, Watchdog watchdog, GuardSettings settings,
      HttpServerOptions options) {
    if (SelfCheck.simulated(SelfCheck.HOOK_CONNECTION_GUARD)) {
      throw new IllegalStateException("simulated missing hook (" + SelfCheck.SIMULATE_PROPERTY + ")");
    }
    Channel ch = channelOf(conn);
    if (ch == null) {
      throw new IllegalStateException("connection " + conn.getClass().getName() + " exposes no Netty channel");
    }
    ClientConnectionGuard.install(ch, watchdog, settings, options);
  }

  /** Stops the connection from delivering more requests to Vert.x (after an error answer). */
  public static void poison(HttpConnection conn) {
    Channel ch = channelOf(conn);
    if (ch != null) {
      ClientConnectionGuard.poison(ch);
    }
  }

  // ---- closing ----

  /**
   * Cuts the client connection now, mid-response: the only honest signal left once the status is
   * out. From the head of the pipeline: a close from the tail passes Vert.x's handler, which turns
   * it into a graceful close that waits for the response to finish (which a client that reads
   * nothing never lets happen).
   */
  public static void cut(HttpServerRequest request) {
    Channel ch = channelOf(request.connection());
    if (ch != null) {
      ConnectionCloser.closeFromHead(ch);
    } else {
      request.connection().close();
    }
  }

  /** Ends the connection after the response with a lingering close (FIN, drain, close). */
  public static void closeAfterResponse(HttpServerRequest request) {
    Channel ch = channelOf(request.connection());
    if (ch != null) {
      ConnectionCloser.lingerClose(ch);
    } else {
      request.connection().close();
    }
  }

  /**
   * Whether the client is gone: its response closed, or its channel already inactive (a write that
   * failed against a closed socket can reach us before Vert.x has marked the response closed).
   */
  public static boolean clientGone(HttpServerRequest request) {
    if (request.response().closed()) {
      return true;
    }
    Channel ch = channelOf(request.connection());
    return ch != null && !ch.isActive();
  }

  private static Channel channelOf(HttpConnection conn) {
    return conn instanceof ConnectionBase base ? base.channel() : null;
  }

  // ---- Netty's exception types and utilities ----

  public static HeadProblem headProblem(Throwable cause) {
    return cause instanceof TooLongHttpLineException ? HeadProblem.REQUEST_LINE_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? HeadProblem.HEADERS_TOO_LARGE : HeadProblem.MALFORMED;
  }

  /** The upstream connection closed before the response was complete. */
  public static boolean prematureClose(Throwable t) {
    return t instanceof PrematureChannelClosureException;
  }

  /** The upstream response could not be decoded. */
  public static boolean undecodable(Throwable t) {
    return t instanceof DecoderException || t instanceof TooLongFrameException;
  }

  public static String reasonPhrase(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  /** A bounded multi-producer, single-consumer queue (Netty's, as Vert.x ships it). */
  public static <T> Queue<T> boundedMpscQueue(int capacity) {
    return PlatformDependent.newFixedMpscQueue(capacity);
  }
}
