package dev.ferrum.proxy.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection that must not carry another request (after a 400, 408, 413 ...)
 * the way nginx's lingering close does: the response is out, so send FIN at once, keep reading
 * and discarding what the client still sends for a short while, then close. Closing outright
 * while request bytes are unread makes the kernel send RST, which can destroy the response
 * before the client has read it.
 */
final class ConnectionCloser {

  static final long LINGER_MS = 2_000;

  private ConnectionCloser() {
  }

  /**
   * Cuts the client connection now, mid-response: the only honest signal left once the status is
   * out. (Vert.x's own reset of an HTTP/1.x response waits for that response to finish, which a
   * client that reads nothing never lets happen.)
   */
  static void cut(HttpServerRequest request) {
    HttpConnection conn = request.connection();
    if (conn instanceof ConnectionBase base) {
      // From the head of the pipeline: a close from the tail passes Vert.x's handler, which turns
      // it into a graceful close that waits for the response to finish.
      closeFromHead(base.channel());
    } else {
      conn.close();
    }
  }

  /**
   * Whether the client is gone: its response closed, or its channel already inactive (a write that
   * failed against a closed socket can reach us before Vert.x has marked the response closed).
   */
  static boolean clientGone(HttpServerRequest request) {
    if (request.response().closed()) {
      return true;
    }
    return request.connection() instanceof ConnectionBase base && !base.channel().isActive();
  }

  static void closeAfterResponse(HttpServerRequest request) {
    HttpConnection conn = request.connection();
    if (conn instanceof ConnectionBase base) {
      lingerClose(base.channel());
    } else {
      conn.close();
    }
  }

  /**
   * The lingering close itself, for every answer after which a connection must end (ours through
   * Vert.x, and the raw ones {@link ClientConnectionGuard} writes below the codec).
   */
  static void lingerClose(Channel ch) {
    if (!(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
      closeFromHead(ch);
      return;
    }
    // FIN only once everything written before it is on the wire: shutdownOutput() fails the
    // writes still queued, and with io_uring a write stays queued until its completion comes
    // back. An empty buffer from the head completes after every write ahead of it.
    ChannelHandlerContext first = ch.pipeline().firstContext();
    ChannelFuture written = first != null ? first.writeAndFlush(Unpooled.EMPTY_BUFFER) : ch.newSucceededFuture();
    written.addListener(f -> {
      if (ch.isActive()) {
        duplex.shutdownOutput();
      }
      ch.eventLoop().schedule(() -> closeFromHead(ch), LINGER_MS, TimeUnit.MILLISECONDS);
    });
  }

  /**
   * Closes from the head of the pipeline, below Vert.x's handler. A channel the peer already tore
   * down has an empty pipeline; closing it then is a no-op.
   */
  static void closeFromHead(Channel ch) {
    ChannelHandlerContext first = ch.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      ch.close();
    }
  }
}
