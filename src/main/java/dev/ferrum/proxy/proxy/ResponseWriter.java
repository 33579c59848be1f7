package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.netty.NettyAdapter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the final {@link ProxyResponse} to the client: the last step of the outermost
 * interceptor, in place of vertx-http-proxy's own {@code ProxyResponse.send()}.
 *
 * <p>Why our own: the library's version parses and re-formats the upstream {@code Date} header on
 * every response (a fifth of a small request's CPU in profiles), and assembles a chunked response
 * to an HTTP/1.0 client in memory. Here {@code Date} passes through unchanged (a cached one is
 * added only when the backend sent none), the headers are copied once, and an HTTP/1.0 response of
 * unknown length is streamed close-delimited. Everything else matches the library's behaviour:
 * {@code Content-Length} from the body when known, otherwise chunked; the body piped with
 * back-pressure; a failed pipe cuts both connections.
 */
final class ResponseWriter {

  private static final CharSequence DATE = HttpHeaders.createOptimized("date");
  private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("content-length");
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("content-type");

  private ResponseWriter() {
  }

  static Future<Void> write(ProxyResponse resp, ExchangeContext c) {
    HttpServerRequest request = c.request;
    HttpServerResponse out = request.response();
    out.setStatusCode(resp.getStatusCode());
    String message = resp.getStatusMessage();
    if (message != null) {
      out.setStatusMessage(message);
    }
    Body body = resp.getBody();
    String mediaType = body == null ? null : body.mediaType();
    MultiMap h = out.headers();
    for (Map.Entry<String, String> e : resp.headers()) {
      String name = e.getKey();
      if (isFraming(name) || (mediaType != null && name.equalsIgnoreCase("content-type"))) {
        continue;
      }
      h.add(name, e.getValue());
    }
    if (!h.contains(DATE)) {
      h.set(DATE, now());
    }
    if (body == null) {
      if (resp.proxiedResponse() != null && resp.proxiedResponse().headers().contains(CONTENT_LENGTH)) {
        h.set(CONTENT_LENGTH, "0");
      }
      return out.end();
    }
    if (mediaType != null) {
      h.set(CONTENT_TYPE, mediaType);
    }
    long len = body.length();
    boolean closeDelimited = false;
    if (len >= 0) {
      h.set(CONTENT_LENGTH, Long.toString(len));
    } else if (request.version() == HttpVersion.HTTP_1_0) {
      // No chunked encoding in HTTP/1.0: the end of the body is the end of the connection.
      closeDelimited = true;
    } else {
      out.setChunked(true);
    }
    Pipe<Buffer> pipe = body.stream().pipe();
    pipe.endOnSuccess(true);
    pipe.endOnFailure(false);
    boolean close = closeDelimited;
    // A failed pipe is handled here, whole: the result is always a success, so the library never
    // tries an answer of its own on a response that is already under way.
    return pipe.to(out).transform(ar -> {
      if (ar.failed()) {
        AttemptLoop loop = c.loop();
        if (loop != null) {
          loop.resetUpstream();
        }
        NettyAdapter.cut(request);
      } else if (close) {
        NettyAdapter.closeAfterResponse(request);
      }
      return Future.succeededFuture();
    });
  }

  /** Framing is ours to decide: the upstream's Transfer-Encoding and Content-Length do not pass. */
  private static boolean isFraming(String name) {
    return name.length() == 17 && name.equalsIgnoreCase("transfer-encoding")
        || name.length() == 14 && name.equalsIgnoreCase("content-length");
  }

  /** An HTTP date for a response that has none, formatted at most once a second per thread. */
  private static String now() {
    return DATE_CACHE.get().format(System.currentTimeMillis() / 1000);
  }

  private static final ThreadLocal<DateCache> DATE_CACHE = ThreadLocal.withInitial(DateCache::new);

  /** IMF-fixdate (RFC 9110 §5.6.7): a two-digit day, unlike RFC_1123_DATE_TIME. */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private static final class DateCache {
    private long second = -1;
    private String value;

    String format(long now) {
      if (now != second) {
        second = now;
        value = IMF_FIXDATE.format(Instant.ofEpochSecond(now));
      }
      return value;
    }
  }
}
