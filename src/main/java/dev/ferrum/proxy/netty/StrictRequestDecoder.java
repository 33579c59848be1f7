package dev.ferrum.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Vert.x's request decoder, without two leniencies through which one request hides another
 * (RFC 9112 §6.3, §7.1.1, §11.2):
 * <ul>
 *   <li>a request with both {@code Transfer-Encoding: chunked} and {@code Content-Length} is marked
 *       invalid instead of having its Content-Length silently dropped;
 *   <li>a chunk-size line whose extension holds a bare CR or another control character is
 *       refused (Netty rejects a bare LF there but reads past a bare CR, which other parsers take
 *       for a line end).
 * </ul>
 * Both end as a failed decoder result, which {@link ClientConnectionGuard} answers with 400 and a
 * close.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /**
   * Netty's private decoder state, read to know when the next bytes are a chunk-size line. Null if
   * a future Netty renames it: {@link #chunkLineCheckAvailable()} then says so, and the startup
   * self-check refuses to start rather than run without the check.
   */
  private static final VarHandle STATE;
  private static final Object READ_CHUNK_SIZE;

  static {
    VarHandle state = null;
    Object readChunkSize = null;
    try {
      Class<?> stateType = Class.forName(HttpObjectDecoder.class.getName() + "$State");
      state = MethodHandles.privateLookupIn(HttpObjectDecoder.class, MethodHandles.lookup())
          .findVarHandle(HttpObjectDecoder.class, "currentState", stateType);
      for (Object c : stateType.getEnumConstants()) {
        if ("READ_CHUNK_SIZE".equals(((Enum<?>) c).name())) {
          readChunkSize = c;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      state = null;
    }
    STATE = readChunkSize == null || SelfCheck.simulated(SelfCheck.HOOK_DECODER_STATE) ? null : state;
    READ_CHUNK_SIZE = readChunkSize;
  }

  private boolean refused;

  /** Whether Netty's decoder state could be reached, so chunk-size lines are checked. */
  static boolean chunkLineCheckAvailable() {
    return STATE != null;
  }

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message);
    message.setDecoderResult(DecoderResult.failure(
        new IllegalArgumentException("both Content-Length and Transfer-Encoding")));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (refused) {
      buffer.skipBytes(buffer.readableBytes());
      return;
    }
    if (STATE != null && STATE.get(this) == READ_CHUNK_SIZE && !chunkLineClean(buffer)) {
      refused = true;
      buffer.skipBytes(buffer.readableBytes());
      DefaultLastHttpContent failed = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
      failed.setDecoderResult(DecoderResult.failure(
          new IllegalArgumentException("control character or bare CR in a chunk-size line")));
      out.add(failed);
      return;
    }
    super.decode(ctx, buffer, out);
  }

  /**
   * Checks the chunk-size line at the start of the buffer without consuming it: no control
   * character but HTAB, no CR except right before the LF. Netty leaves an unfinished line in the
   * buffer, so a line split across reads is checked again, whole, once more bytes arrive. Netty
   * validates the hex size and rejects a bare LF itself.
   */
  private static boolean chunkLineClean(ByteBuf buffer) {
    int to = buffer.writerIndex();
    for (int i = buffer.readerIndex(); i < to; i++) {
      byte b = buffer.getByte(i);
      if (b == '\n') {
        return true;
      }
      if (b == '\r') {
        if (i + 1 < to && buffer.getByte(i + 1) != '\n') {
          return false;
        }
      } else if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
