package dev.ferrum.proxy.upstream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;

/**
 * Reads a request body into memory so it can be sent again, up to a bound. The result is a
 * {@link ReplayBody} when the whole body fit, otherwise a body that replays what was read and
 * then streams the rest (such a request is not retried once it has been sent).
 */
public final class ReplayCapture {

  private ReplayCapture() {
  }

  public static Future<Body> capture(Body body, long maxBytes) {
    Promise<Body> result = Promise.promise();
    ReadStream<Buffer> stream = body.stream();
    Buffer collected = Buffer.buffer((int) Math.min(Math.max(body.length(), 0), maxBytes));
    stream.exceptionHandler(result::tryFail);
    stream.endHandler(v -> result.tryComplete(ReplayBody.of(collected, body.mediaType())));
    stream.handler(buf -> {
      collected.appendBuffer(buf);
      if (collected.length() > maxBytes) {
        stream.pause();
        stream.handler(null);
        stream.endHandler(null);
        stream.exceptionHandler(null);
        result.tryComplete(Body.body(new PrefixedReadStream(collected, stream), body.length(), body.mediaType()));
      }
    });
    stream.resume();
    return result.future();
  }
}
