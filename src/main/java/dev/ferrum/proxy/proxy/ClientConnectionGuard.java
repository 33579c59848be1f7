package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.upstream.Watchdog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;


/**
 * Watches one client connection between requests, which Vert.x cannot: a client that starts a
 * request head but does not finish it within {@code server.client_header_timeout_ms} gets 408
 * and the connection is closed (a slowloris client cannot hold it), and a keep-alive connection
 * idle for {@code server.keepalive_timeout_ms} is closed. While a request is in progress neither
 * applies; its body and upstream timeouts do.
 *
 * <p>Two small Netty handlers feed it: one before the HTTP decoder sees raw bytes (a head has
 * started), one after the encoder sees decoded requests (the head is complete) and written
 * response ends (the exchange is over). The check itself is a {@link Watchdog} watch, so a
 * request whose head arrives in one read, the usual case, costs no timer.
 */
final class ClientConnectionGuard extends Watchdog.Watch {

  private static final byte[] TIMEOUT_408 = ErrorRenderer.raw(ErrorRenderer.of(FailureKind.CLIENT_HEADER_TIMEOUT, null));
  private static final byte[] OBS_FOLD_400 = ErrorRenderer.raw(ErrorRenderer.of(FailureKind.OBS_FOLD, null));
  private static final byte[] BAD_BODY_400 = ErrorRenderer.raw(ErrorRenderer.of(FailureKind.BAD_BODY_FRAMING, null));

  /** Timeouts in force; replaced whole on reload and read by every guard. */
  record Timeouts(long headerNanos, long keepaliveNanos) {
  }

  interface Settings {
    Timeouts timeouts();

    void headerTimedOut();

    /** A request was refused below Vert.x (obs-fold, broken chunked framing). */
    void rejected(String kind);
  }

  private final Channel channel;
  private final Settings settings;
  private int outstanding;
  // A new connection owes us its first request head within the header timeout.
  private boolean headStarted = true;
  private boolean anyBytes;
  private boolean discarding;
  private ChannelHandlerContext rawContext;
  private long headStartNanos = System.nanoTime();
  private long idleSinceNanos = headStartNanos;

  private ClientConnectionGuard(Channel channel, Settings settings) {
    this.channel = channel;
    this.settings = settings;
  }

  /**
   * Stops this connection from delivering anything more to Vert.x: used once we answered a
   * request with an error and will close, so that a request pipelined behind it (perhaps
   * smuggled inside the refused one's body) is never processed.
   */
  static void poison(HttpConnection conn) {
    if (conn instanceof ConnectionBase base && base.channel().pipeline().get("ferrumMessages") instanceof Messages m) {
      m.guard().discarding = true;
    }
  }

  /** Adds the guard to a new HTTP/1.x connection; other connection types are left alone. */
  static void install(HttpConnection conn, Watchdog watchdog, Settings settings, HttpServerOptions options) {
    if (!(conn instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline p = base.channel().pipeline();
    if (p.get("httpDecoder") == null || p.get("httpEncoder") == null) {
      return;
    }
    p.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
    ClientConnectionGuard g = new ClientConnectionGuard(base.channel(), settings);
    p.addBefore("httpDecoder", "ferrumBytes", g.new Bytes());
    p.addAfter("httpEncoder", "ferrumMessages", g.new Messages());
    watchdog.add(g);
  }

  @Override
  protected boolean poll(long now) {
    if (!channel.isActive()) {
      return true;
    }
    Timeouts t = settings.timeouts();
    if (headStarted) {
      if (now - headStartNanos >= t.headerNanos()) {
        if (!anyBytes) {
          // Connected and said nothing at all: close quietly, as nginx does.
          closeNow();
          return true;
        }
        settings.headerTimedOut();
        // From now on the connection carries nothing more: whatever the client still sends is
        // dropped before the decoder, and the close lingers so that the 408 is not lost to an RST.
        discarding = true;
        // Written below the HTTP codec: the encoder would refuse raw bytes outside a response.
        ChannelHandlerContext raw = rawContext;
        if (raw == null) {
          closeNow();
          return true;
        }
        raw.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_408)).addListener(f -> ConnectionCloser.lingerClose(channel));
        return true;
      }
    } else if (outstanding == 0 && now - idleSinceNanos >= t.keepaliveNanos()) {
      channel.close();
      return true;
    }
    return false;
  }

  /** Closes below Vert.x's handler, which would otherwise wait for a response to finish. */
  private void closeNow() {
    ConnectionCloser.closeFromHead(channel);
  }

  /** Answers below the codec, then drops everything the client still sends and closes lingering. */
  private void rejectRaw(byte[] answer, String kind) {
    if (discarding) {
      return;
    }
    discarding = true;
    settings.rejected(kind);
    ChannelHandlerContext raw = rawContext;
    if (raw == null) {
      closeNow();
      return;
    }
    raw.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(f -> ConnectionCloser.lingerClose(channel));
  }

  /**
   * Obsolete line folding (a header line starting with a space or tab, RFC 9112 §5.2) is refused
   * rather than unfolded: the decoder would silently join it to the previous header, a backend
   * might not. Only the head is scanned; {@code headScan} carries what the last byte was.
   */
  private int headScan;
  private static final int SCAN_LINE_START = 1;
  private static final int SCAN_IN_LINE = 0;
  private static final int SCAN_DONE = 2;

  private boolean foldedHeader(ByteBuf b) {
    int from = b.readerIndex();
    int to = b.writerIndex();
    for (int i = from; i < to && headScan != SCAN_DONE; i++) {
      byte c = b.getByte(i);
      if (c == '\n') {
        headScan = headScan == SCAN_LINE_START ? SCAN_DONE : SCAN_LINE_START;
      } else if (c == '\r') {
        // CR belongs to the line ending; the state stays.
      } else if (headScan == SCAN_LINE_START && (c == ' ' || c == '\t')) {
        return true;
      } else {
        headScan = SCAN_IN_LINE;
      }
    }
    return false;
  }

  /** Before the decoder: the first byte of a new head starts the header clock. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      rawContext = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (discarding) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof ByteBuf b && b.isReadable()) {
        anyBytes = true;
        if (outstanding == 0 && !headStarted) {
          headStarted = true;
          headStartNanos = System.nanoTime();
          headScan = SCAN_IN_LINE;
        }
        if (headStarted && headScan != SCAN_DONE && foldedHeader(b)) {
          ReferenceCountUtil.release(msg);
          rejectRaw(OBS_FOLD_400, FailureKind.OBS_FOLD.label());
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** After the encoder: a decoded request ends the head; a written response end ends the exchange. */
  private final class Messages extends ChannelDuplexHandler {
    ClientConnectionGuard guard() {
      return ClientConnectionGuard.this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (discarding) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof HttpRequest) {
        headStarted = false;
        headScan = SCAN_DONE;
        outstanding++;
      } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
        // Broken chunked framing: Vert.x would just close; the client deserves a 400 first.
        ReferenceCountUtil.release(msg);
        rejectRaw(BAD_BODY_400, FailureKind.BAD_BODY_FRAMING.label());
        return;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof LastHttpContent && outstanding > 0) {
        outstanding--;
        if (outstanding == 0) {
          idleSinceNanos = System.nanoTime();
        }
      }
      ctx.write(msg, promise);
    }
  }
}
