package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.support.Await;
import dev.ferrum.proxy.support.ProxyHarness;
import dev.ferrum.proxy.support.TestBackend;
import dev.ferrum.proxy.support.TestCertificates;
import dev.ferrum.proxy.support.TestCertificates.KeyType;
import dev.ferrum.proxy.support.TestCertificates.Pair;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificate files replaced in place are served without a restart; a bad replacement is refused. */
class CertificateReloadTest {

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

  private String subjectOfANewConnection() {
    HttpClient c = clients.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false).setKeepAlive(false));
    try {
      return Await.result(c.request(new RequestOptions().setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(proxy.port, "127.0.0.1")).setHost("localhost")
          .setPort(proxy.port).setURI("/health"))
          .compose(req -> req.send().map(resp -> {
            try {
              return ((X509Certificate) req.connection().peerCertificates().get(0)).getSubjectX500Principal().getName();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          })), 20);
    } finally {
      c.close();
    }
  }

  private static void replace(Path from, Path to) throws Exception {
    Path tmp = to.resolveSibling(to.getFileName() + ".new");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private double failedReloads() {
    Counter c = proxy.telemetry.registry().find("ferrum.proxy.config.reloads").tag("result", "failed").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void rotatedFilesAreServedWithoutARestartAndNoRequestFails() throws Exception {
    TestBackend backend = TestBackend.start(clients, "b");
    Pair first = TestCertificates.selfSigned(dir, "first", KeyType.RSA, false, "first.example");
    Pair second = TestCertificates.selfSigned(dir, "second", KeyType.ECDSA, false, "second.example");
    Path cert = dir.resolve("live.crt");
    Path key = dir.resolve("live.key");
    Files.copy(first.cert(), cert);
    Files.copy(first.key(), key);
    proxy = ProxyHarness.start("""
        server:
          port: ${port}
          host: 127.0.0.1
          instances: 2
          config_scan_period_ms: 200
          tls: { cert_file: %s, key_file: %s }
        routes:
          - path_prefix: /api
            backends: [%s]
        health_check: { interval_sec: 60, endpoint: /health }
        """.formatted(cert, key, backend.url()));
    assertEquals("CN=first.example", subjectOfANewConnection());

    // Four keep-alive clients keep asking while the files change under them.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpClient c = clients.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
          .setVerifyHost(false).setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
      Promise<Void> done = Promise.promise();
      loops.add(done.future());
      loop(c, running, ok, failures, done);
    }
    Thread.sleep(300);
    replace(second.key(), key);
    replace(second.cert(), cert);
    ProxyHarness.eventually(Duration.ofSeconds(15), "new connections get the new certificate",
        () -> "CN=second.example".equals(subjectOfANewConnection()));
    Thread.sleep(300);
    running.set(false);
    for (Future<Void> f : loops) {
      Await.result(f, 20);
    }
    assertEquals(List.of(), failures);
    assertTrue(ok.get() > 20, "requests made during the rotation: " + ok.get());

    // A broken replacement is refused: the running certificate keeps serving, and it is reported.
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
    ProxyHarness.eventually(Duration.ofSeconds(15), "the bad certificate is reported", () -> failedReloads() >= 1);
    assertEquals("CN=second.example", subjectOfANewConnection());
    Thread.sleep(600);
    assertEquals(1, failedReloads(), "one report per distinct bad content, not one per scan");

    // A key that does not belong to the certificate is refused the same way.
    replace(second.cert(), cert);
    replace(first.key(), key);
    ProxyHarness.eventually(Duration.ofSeconds(15), "the mismatched pair is reported", () -> failedReloads() >= 2);
    assertEquals("CN=second.example", subjectOfANewConnection());
  }

  private void loop(HttpClient c, AtomicBoolean running, AtomicInteger ok, List<String> failures, Promise<Void> done) {
    if (!running.get()) {
      done.complete();
      return;
    }
    c.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setServer(SocketAddress.inetSocketAddress(proxy.port, "127.0.0.1")).setHost("localhost")
            .setPort(proxy.port).setURI("/api/x"))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() == 200) {
            ok.incrementAndGet();
          } else {
            failures.add(ar.succeeded() ? "status " + ar.result() : String.valueOf(ar.cause()));
          }
          loop(c, running, ok, failures, done);
        });
  }
}
