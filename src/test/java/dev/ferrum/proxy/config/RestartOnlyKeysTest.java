package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.ferrum.proxy.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one merge a reload does when it cannot apply everything; no sockets, no Vert.x. */
class RestartOnlyKeysTest {

  private static TestCertificates.Pair first;
  /** A changed, valid value for each key that {@link ProxyConfig#RESTART_ONLY_KEYS} names. */
  private static Map<String, Object> CHANGED;

  @BeforeAll
  static void certificates(@TempDir Path dir) {
    first = TestCertificates.selfSigned(dir, "first", TestCertificates.KeyType.ECDSA, false, "localhost");
    TestCertificates.Pair second = TestCertificates.selfSigned(dir, "second", TestCertificates.KeyType.ECDSA, false,
        "localhost");
    CHANGED = Map.of(
        "server.host", "other-host",
        "server.port", 9090,
        "server.instances", 3,
        "server.max_header_bytes", 2048,
        "server.max_request_line_bytes", 4096,
        "server.tls", tls(second),
        "server.redirect_http_port", 8081,
        "upstream.pool_size_per_backend", 7,
        "upstream.idle_connection_timeout_ms", 1234,
        "metrics.vertx_http_metrics", true);
  }

  private static JsonObject tls(TestCertificates.Pair pair) {
    return new JsonObject().put("cert_file", pair.cert().toString()).put("key_file", pair.key().toString());
  }

  /** A listener with TLS, so that every restart-only key has a value to change. */
  private static JsonObject base() {
    JsonObject json = minimal();
    json.getJsonObject("server").put("tls", tls(first));
    return json;
  }

  static JsonObject minimal() {
    return new JsonObject()
        .put("server", new JsonObject().put("port", 8080).put("host", "127.0.0.1"))
        .put("routes", new JsonArray().add(new JsonObject().put("path_prefix", "/api")
            .put("backends", new JsonArray().add("http://127.0.0.1:3001"))))
        .put("health_check", new JsonObject().put("interval_sec", 10).put("endpoint", "/health"));
  }

  static ProxyConfig load(JsonObject json) throws ConfigException {
    return ConfigLoader.load(json, host -> true);
  }

  private static JsonObject with(JsonObject json, String keyPath, Object value) {
    String[] parts = keyPath.split("\\.");
    JsonObject section = json.getJsonObject(parts[0]);
    if (section == null) {
      section = new JsonObject();
      json.put(parts[0], section);
    }
    section.put(parts[1], value);
    return json;
  }

  @Test
  void theKeysNamedToTheOperatorAreExactlyTheOnesKept() {
    List<String> named = Arrays.stream(ProxyConfig.RESTART_ONLY_KEYS.split(",")).map(String::trim).sorted().toList();
    assertEquals(CHANGED.keySet().stream().sorted().toList(), named);
  }

  @Test
  void eachRestartOnlyKeyIsDetectedAndKeptAtItsRunningValue() throws Exception {
    ProxyConfig running = load(base());
    for (Map.Entry<String, Object> e : CHANGED.entrySet()) {
      ProxyConfig next = load(with(base(), e.getKey(), e.getValue()));
      assertTrue(next.restartOnlyKeysDiffer(running), e.getKey());
      assertEquals(running, next.withRestartOnlyKeysFrom(running), e.getKey());
    }
  }

  @Test
  void everythingElseComesFromTheNewConfig() throws Exception {
    ProxyConfig running = load(base());
    JsonObject json = base();
    CHANGED.forEach((k, v) -> with(json, k, v));
    json.getJsonObject("server").put("max_header_count", 50).put("client_header_timeout_ms", 111)
        .put("trust_forwarded_headers", true);
    with(json, "upstream.connect_timeout_ms", 222);
    with(json, "upstream.max_buffered_bodies", 5);
    with(json, "retry.max_attempts", 3);
    with(json, "access_log.format", "json");
    ProxyConfig next = load(json);

    ProxyConfig merged = next.withRestartOnlyKeysFrom(running);

    assertEquals(running.server().listener(), merged.server().listener());
    assertEquals(running.upstream().pool(), merged.upstream().pool());
    assertEquals(running.metrics(), merged.metrics());
    assertEquals(50, merged.server().maxHeaderCount());
    assertEquals(111, merged.server().clientHeaderTimeoutMs());
    assertTrue(merged.server().trustForwardedHeaders());
    assertEquals(222, merged.upstream().connectTimeoutMs());
    assertEquals(5, merged.replayBudget().maxBufferedBodies());
    assertEquals(3, merged.retry().maxAttempts());
    assertEquals(AccessLogConfig.Format.JSON, merged.accessLog().format());
    assertSame(next.routes(), merged.routes());
    assertSame(next.healthCheck(), merged.healthCheck());
    assertFalse(merged.restartOnlyKeysDiffer(running));
  }

  @Test
  void aReloadThatTouchesNoRestartOnlyKeyNeedsNoMerge() throws Exception {
    ProxyConfig running = load(base());
    ProxyConfig next = load(with(base(), "server.keepalive_timeout_ms", 5_000));
    assertFalse(next.restartOnlyKeysDiffer(running));
    assertEquals(next, next.withRestartOnlyKeysFrom(running));
  }
}
