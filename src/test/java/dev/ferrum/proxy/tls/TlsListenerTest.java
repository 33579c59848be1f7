package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.support.Await;
import dev.ferrum.proxy.support.Ports;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import dev.ferrum.proxy.support.TestCertificates;
import dev.ferrum.proxy.support.TestCertificates.KeyType;
import dev.ferrum.proxy.support.TestCertificates.Pair;
import dev.ferrum.proxy.support.YamlConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS on the main listener, over real TLS sockets, with certificates made for the test. */
class TlsListenerTest {

  Vertx clients = Vertx.vertx();
  ProxyHarness proxy;
  @TempDir
  Path dir;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
    clients.close();
  }

  private String config(TestBackend backend, String tls) {
    return """
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 1
          tls:
        %s
        routes:
          - path_prefix: /api
            backends: [%s]
        health_check: { interval_sec: 60, endpoint: /health }
        """.formatted(tls.indent(4).stripTrailing(), backend.url());
  }

  private HttpClient client(Set<String> protocols, Path... trusted) {
    PemTrustOptions trust = new PemTrustOptions();
    for (Path p : trusted) {
      trust.addCertPath(p.toString());
    }
    return clients.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust)
        .setVerifyHost(true).setForceSni(true).setEnabledSecureTransportProtocols(protocols).setKeepAlive(false));
  }

  /** What one HTTPS exchange showed: read while the connection is still open. */
  record Seen(int status, String hsts, String protocol, String subject) {
  }

  private Seen get(HttpClient client, String host, String path) {
    return Await.result(client.request(new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(proxy.port, "127.0.0.1"))
        .setHost(host).setPort(proxy.port).setURI(path))
        .compose(req -> req.send().compose(resp -> {
          Seen seen = seen(resp);
          return resp.body().map(b -> seen);
        })), 20);
  }

  private static Seen seen(HttpClientResponse resp) {
    try {
      X509Certificate leaf = (X509Certificate) resp.request().connection().peerCertificates().get(0);
      return new Seen(resp.statusCode(), resp.getHeader("strict-transport-security"),
          resp.request().connection().sslSession().getProtocol(), leaf.getSubjectX500Principal().getName());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void servesHttpsOverTls12And13AndTellsTheBackendTheProtoWasHttps() throws Exception {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair cert = TestCertificates.selfSigned(dir, "main", KeyType.RSA, false, "localhost", "127.0.0.1");
    proxy = ProxyHarness.start(config(backend, """
        cert_file: %s
        key_file: %s
        hsts_max_age_sec: 31536000
        """.formatted(cert.cert(), cert.key())));
    for (String version : List.of("TLSv1.2", "TLSv1.3")) {
      Seen resp = get(client(Set.of(version), cert.cert()), "localhost", "/api/x");
      assertEquals(200, resp.status(), version);
      assertEquals(version, resp.protocol());
      assertEquals("max-age=31536000", resp.hsts());
    }
    assertEquals("https", backend.received().get(0).header("x-forwarded-proto"));
    assertTrue(backend.received().get(0).header("forwarded").endsWith(";proto=https"),
        backend.received().get(0).header("forwarded"));
    // Our own answers and the internal endpoints carry HSTS too.
    Seen notFound = get(client(Set.of("TLSv1.3"), cert.cert()), "localhost", "/nothing-here");
    assertEquals(404, notFound.status());
    assertEquals("max-age=31536000", notFound.hsts());
    assertEquals("max-age=31536000", get(client(Set.of("TLSv1.3"), cert.cert()), "localhost", "/health").hsts());
  }

  @Test
  void minVersion13RefusesATls12Client() {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair cert = TestCertificates.selfSigned(dir, "main", KeyType.ECDSA, false, "localhost");
    proxy = ProxyHarness.start(config(backend, """
        cert_file: %s
        key_file: %s
        min_version: TLSv1.3
        """.formatted(cert.cert(), cert.key())));
    assertEquals(200, get(client(Set.of("TLSv1.3"), cert.cert()), "localhost", "/api/x").status());
    assertThrows(Exception.class, () -> get(client(Set.of("TLSv1.2"), cert.cert()), "localhost", "/api/x"));
  }

  @Test
  void sniPicksTheCertificateForTheNameAndFallsBackToCertFile() throws Exception {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair main = TestCertificates.selfSigned(dir, "main", KeyType.RSA, true, "main.example");
    Pair other = TestCertificates.selfSigned(dir, "other", KeyType.ECDSA, true, "other.example", "*.wild.example");
    proxy = ProxyHarness.start(config(backend, """
        cert_file: %s
        key_file: %s
        certificates:
          - { cert_file: %s, key_file: %s }
        """.formatted(main.cert(), main.key(), other.cert(), other.key())));
    HttpClient c = client(Set.of("TLSv1.2", "TLSv1.3"), main.cert(), other.cert());
    assertEquals("CN=other.example", get(c, "other.example", "/api/x").subject());
    assertEquals("CN=other.example", get(c, "a.wild.example", "/api/x").subject());
    assertEquals("CN=main.example", get(c, "main.example", "/api/x").subject());
    HttpClient noVerify = clients.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false).setForceSni(true).setKeepAlive(false));
    assertEquals("CN=main.example", get(noVerify, "unknown.example", "/api/x").subject());
    assertEquals("CN=main.example", get(noVerify, "wild.example", "/api/x").subject(),
        "a wildcard covers one label, not the bare domain");
  }

  @Test
  void theRedirectListenerSendsEveryRequestToHttpsWithPathAndQuery() throws Exception {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair cert = TestCertificates.selfSigned(dir, "main", KeyType.RSA, false, "localhost");
    int redirectPort = Ports.free();
    proxy = ProxyHarness.start(config(backend, """
        cert_file: %s
        key_file: %s
        """.formatted(cert.cert(), cert.key())).replace("  tls:", "  redirect_http_port: " + redirectPort + "\n  tls:"));
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    for (String method : List.of("GET", "POST")) {
      java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + redirectPort + "/api/a%20b?x=1&y=2"))
          .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("body")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(308, r.statusCode(), method);
      assertEquals("https://127.0.0.1:" + proxy.port + "/api/a%20b?x=1&y=2",
          r.headers().firstValue("location").orElse(null), method);
    }
    java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + redirectPort + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertEquals(0, backend.hits(), "nothing reaches a backend over cleartext");
  }

  @Test
  void missingOrBrokenFilesAreConfigErrorsNamingTheKey() throws Exception {
    Pair cert = TestCertificates.selfSigned(dir, "main", KeyType.RSA, false, "localhost");
    String base = """
        server:
          port: 8443
          host: 127.0.0.1
          tls:
            cert_file: %s
            key_file: %s
            min_version: %s
        routes:
          - path_prefix: /api
            backends: [http://127.0.0.1:9]
        health_check: { interval_sec: 60, endpoint: /health }
        """;
    assertEquals(List.of("server.tls.cert_file: \"" + dir.resolve("nope.crt") + "\": not found"),
        YamlConfigs.errors(base.formatted(dir.resolve("nope.crt"), cert.key(), "TLSv1.2")));
    List<String> notACert = YamlConfigs.errors(base.formatted(cert.key(), cert.key(), "TLSv1.2"));
    assertEquals(1, notACert.size(), notACert.toString());
    assertTrue(notACert.get(0).startsWith("server.tls.cert_file: \"" + cert.key() + "\": not a PEM certificate"),
        notACert.toString());
    assertEquals(List.of("server.tls.min_version: \"TLSv1.1\" (expected: TLSv1.2 or TLSv1.3)"),
        YamlConfigs.errors(base.formatted(cert.cert(), cert.key(), "TLSv1.1")));
    assertEquals(List.of("server.redirect_http_port: 8080 (expected: only with a server.tls section)"),
        YamlConfigs.errors("""
            server: { port: 8443, host: 127.0.0.1, redirect_http_port: 8080 }
            routes: [ { path_prefix: /api, backends: [http://127.0.0.1:9] } ]
            health_check: { interval_sec: 60, endpoint: /health }
            """));
  }
}
