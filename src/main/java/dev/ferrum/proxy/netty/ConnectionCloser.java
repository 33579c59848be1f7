package dev.ferrum.proxy.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelHandlerContext;

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
