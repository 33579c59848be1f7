package dev.ferrum.proxy.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestGateTest {

  private static MultiMap head(String... nameValues) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      h.add(nameValues[i], nameValues[i + 1]);
    }
    return h;
  }

  private static ErrorAnswer check(MultiMap h) {
    return RequestGate.check(h, HttpVersion.HTTP_1_1, 100);
  }

  @Test
  void aPlainHeadGoesOn() {
    assertNull(check(head("host", "a", "content-length", "3")));
    assertNull(RequestGate.check(head(), HttpVersion.HTTP_1_0, 100), "HTTP/1.0 needs no Host");
  }

  @Test
  void bothLengthsAreRefused() {
    ErrorAnswer a = check(head("host", "a", "content-length", "3", "transfer-encoding", "chunked"));
    assertEquals(FailureKind.BAD_REQUEST, a.kind());
    assertEquals("both Content-Length and Transfer-Encoding\n", a.text());
  }

  @Test
  void onlyOneSingleChunkedTransferEncodingPasses() {
    assertEquals(FailureKind.BAD_REQUEST, check(head("host", "a", "transfer-encoding", "gzip, chunked")).kind());
    assertEquals(FailureKind.BAD_REQUEST,
        check(head("host", "a", "transfer-encoding", "chunked", "transfer-encoding", "chunked")).kind());
    MultiMap upper = head("host", "a", "transfer-encoding", " Chunked");
    assertNull(check(upper));
    assertEquals("chunked", upper.get("transfer-encoding"), "normalised for the backend");
  }

  @Test
  void http11NeedsExactlyOneHost() {
    assertEquals("missing Host header\n", check(head()).text());
    assertEquals("more than one Host header\n", check(head("host", "a", "host", "b")).text());
  }

  @Test
  void tooManyHeaderFieldsGet431() {
    MultiMap h = head("host", "a");
    for (int i = 0; i < 8; i++) {
      h.add("x-" + i, "v");
    }
    ErrorAnswer a = RequestGate.check(h, HttpVersion.HTTP_1_1, 8);
    assertEquals(431, a.status());
    assertEquals("too many request header fields (limit 8)\n", a.text());
  }
}
