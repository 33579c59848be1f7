package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.support.Await;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import dev.ferrum.proxy.support.TestCertificates;
import dev.ferrum.proxy.support.TestCertificates.KeyType;
import dev.ferrum.proxy.support.TestCertificates.Pair;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Client certificates on the listener: required or requested, verified, and their subject forwarded. */
class MutualTlsTest {

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

  private TestBackend start(String mode) {
    return start(mode, TestCertificates.authority(dir, "clients-ca"));
  }

  private TestBackend start(String mode, Pair ca) {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair server = TestCertificates.selfSigned(dir, "server", KeyType.RSA, false, "localhost");
    proxy = ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 1
          tls:
            cert_file: %s
            key_file: %s
            client_ca_file: %s
            client_auth: %s
            forward_client_cert_header: X-Client-Cert-Subject
        routes:
          - path_prefix: /api
            backends: [%s]
        health_check: { interval_sec: 60, endpoint: /health }
        """.formatted(server.cert(), server.key(), ca.cert(), mode, backend.url()));
    return backend;
  }

  private int get(Pair clientCert, String forgedSubject) {
    HttpClientOptions o = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setKeepAlive(false);
    if (clientCert != null) {
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCert.cert().toString())
          .setKeyPath(clientCert.key().toString()));
    }
    HttpClient c = clients.createHttpClient(o);
    RequestOptions r = new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(proxy.port, "127.0.0.1")).setHost("localhost")
        .setPort(proxy.port).setURI("/api/x");
    if (forgedSubject != null) {
      r.putHeader("X-Client-Cert-Subject", forgedSubject);
    }
    return Await.result(c.request(r).compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode()))),
        20);
  }

  @Test
  void requiredRefusesNoCertificateAndOneFromAnotherCa() {
    TestBackend backend = start("require");
    Pair client = TestCertificates.signedBy(dir, "client", TestCertificates.authority(dir, "unused"), "x");
    // A certificate from another CA is refused like none at all.
    assertThrows(Exception.class, () -> get(client, null));
    assertThrows(Exception.class, () -> get(null, null));
    assertEquals(0, backend.hits());
  }

  @Test
  void aVerifiedClientsSubjectReplacesAnyForgedHeader() {
    Pair ca = TestCertificates.authority(dir, "clients-ca");
    Pair client = TestCertificates.signedBy(dir, "client", ca, "client.example");
    TestBackend backend = start("require", ca);
    assertEquals(200, get(client, "CN=admin"));
    assertEquals("CN=client.example", backend.received().get(0).header("x-client-cert-subject"));
  }

  @Test
  void requestedACertificateIsOptionalAndAForgedHeaderNeverPasses() {
    TestBackend backend = start("request");
    assertEquals(200, get(null, "CN=admin"));
    assertNull(backend.received().get(0).header("x-client-cert-subject"));
  }
}
