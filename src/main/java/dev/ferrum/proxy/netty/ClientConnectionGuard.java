package dev.ferrum.proxy.netty;

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
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;


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

  /** Names of our handlers in the pipeline, and of Vert.x's codec handlers they sit around. */
  static final String BYTES = "ferrumBytes";
  static final String MESSAGES = "ferrumMessages";
  static final String VERTX_DECODER = "httpDecoder";
  static final String VERTX_ENCODER = "httpEncoder";

  private final Channel channel;
  private final GuardSettings settings;
  private int outstanding;
  // A new connection owes us its first request head within the header timeout.
  private boolean headStarted = true;
  private boolean anyBytes;
  private boolean discarding;
  private ChannelHandlerContext rawContext;
  private long headStartNanos = System.nanoTime();
  private long idleSinceNanos = headStartNanos;

  private ClientConnectionGuard(Channel channel, GuardSettings settings) {
    this.channel = channel;
    this.settings = settings;
  }

  /**
   * Stops this connection from delivering anything more to Vert.x: used once we answered a
   * request with an error and will close, so that a request pipelined behind it (perhaps
   * smuggled inside the refused one's body) is never processed.
   */
  static void poison(Channel ch) {
    if (ch.pipeline().get(MESSAGES) instanceof Messages m) {
      m.guard().discarding = true;
    }
  }

  /**
   * Puts the strict decoder and the guard into a new HTTP/1.x connection's pipeline.
   *
   * @throws IllegalStateException when the pipeline is not the one this guard was written for
   *     (a Vert.x or Netty upgrade renamed a handler): the caller must not serve the connection
   */
  static void install(Channel ch, Watchdog watchdog, GuardSettings settings, HttpServerOptions options) {
    ChannelPipeline p = ch.pipeline();
    if (!(p.get(VERTX_DECODER) instanceof VertxHttpRequestDecoder) || p.get(VERTX_ENCODER) == null) {
      throw new IllegalStateException("Vert.x's HTTP/1.x pipeline has no " + VERTX_DECODER + "/" + VERTX_ENCODER
          + " handlers of the expected types (pipeline: " + p.names() + ")");
    }
    p.replace(VERTX_DECODER, VERTX_DECODER, new StrictRequestDecoder(options));
    ClientConnectionGuard g = new ClientConnectionGuard(ch, settings);
    p.addBefore(VERTX_DECODER, BYTES, g.new Bytes());
    p.addAfter(VERTX_ENCODER, MESSAGES, g.new Messages());
    watchdog.add(g);
  }

  @Override
  protected boolean poll(long now) {
    if (!channel.isActive()) {
      return true;
    }
    GuardSettings.Timeouts t = settings.timeouts();
    if (headStarted) {
      if (now - headStartNanos >= t.headerNanos()) {
        if (!anyBytes) {
          // Connected and said nothing at all: close quietly, as nginx does.
          closeNow();
          return true;
        }
        settings.rejected(Rejection.HEADER_TIMEOUT);
        // From now on the connection carries nothing more: whatever the client still sends is
        // dropped before the decoder, and the close lingers so that the 408 is not lost to an RST.
        discarding = true;
        // Written below the HTTP codec: the encoder would refuse raw bytes outside a response.
        ChannelHandlerContext raw = rawContext;
        if (raw == null) {
          closeNow();
          return true;
        }
        raw.writeAndFlush(Unpooled.wrappedBuffer(settings.answer(Rejection.HEADER_TIMEOUT))).addListener(f -> ConnectionCloser.lingerClose(channel));
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
  private void rejectRaw(Rejection why) {
    if (discarding) {
      return;
    }
    discarding = true;
    settings.rejected(why);
    ChannelHandlerContext raw = rawContext;
    if (raw == null) {
      closeNow();
      return;
    }
    raw.writeAndFlush(Unpooled.wrappedBuffer(settings.answer(why))).addListener(f -> ConnectionCloser.lingerClose(channel));
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
          rejectRaw(Rejection.OBS_FOLD);
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
        rejectRaw(Rejection.BAD_BODY_FRAMING);
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
