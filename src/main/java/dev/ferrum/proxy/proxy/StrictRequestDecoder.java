package dev.ferrum.proxy.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, except for one leniency: a request with both
 * {@code Transfer-Encoding: chunked} and {@code Content-Length} is marked invalid (so it gets 400
 * and the connection closes) instead of having its Content-Length silently dropped, which is how
 * one request hides another (RFC 9112 §6.3, §11.2).
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message);
    message.setDecoderResult(DecoderResult.failure(
        new IllegalArgumentException("both Content-Length and Transfer-Encoding")));
  }
}
