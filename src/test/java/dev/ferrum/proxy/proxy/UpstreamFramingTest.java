package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.support.FaultyBackend;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.Resp;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.ferrum.proxy.support.FaultyBackend.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream Transfer-Encoding the library would answer with its own bare 501: a valid
 * {@code Chunked} is relayed, a transfer coding we cannot re-frame is an invalid response.
 */
class UpstreamFramingTest {

  ProxyHarness proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private ProxyHarness start(FaultyBackend f) {
    return ProxyHarness.start("""
        server: { port: ${port}, host: 127.0.0.1, instances: 1 }
        routes:
          - path_prefix: /
            backends: [%s]
        health_check: { interval_sec: 60, endpoint: /health, failure_threshold: 1000 }
        """.formatted(f.url()));
  }

  @Test
  void aChunkedResponseInAnyCaseIsRelayed() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      s.close();
    })) {
      proxy = start(f);
      Resp r = proxy.get("/x");
      assertEquals(200, r.status(), r.toString());
      assertEquals("hello", r.body());
      assertNotNull(r.header("x-request-id"), "answered through our chain");
    }
  }

  @Test
  void anotherTransferCodingIsAnInvalidResponse() throws IOException {
    try (FaultyBackend f = new FaultyBackend((s, head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      s.close();
    })) {
      proxy = start(f);
      Resp r = proxy.get("/x");
      assertEquals(502, r.status(), r.toString());
      assertEquals("bad gateway: upstream sent an invalid HTTP response\n", r.body());
      assertTrue(proxy.metrics().contains("ferrum_proxy_errors_total{kind=\"invalid_upstream_response\"}"));
    }
  }

  @Test
  void onlyOneChunkedCodingPasses() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("transfer-encoding", " CHUNKED");
    assertTrue(UpstreamFraming.acceptable(h));
    assertEquals("chunked", h.get("transfer-encoding"));
    assertTrue(UpstreamFraming.acceptable(MultiMap.caseInsensitiveMultiMap()));
    assertFalse(UpstreamFraming.acceptable(MultiMap.caseInsensitiveMultiMap().add("transfer-encoding", "chunked")
        .add("transfer-encoding", "chunked")));
    assertFalse(UpstreamFraming.acceptable(MultiMap.caseInsensitiveMultiMap().add("transfer-encoding", "identity")));
  }
}
