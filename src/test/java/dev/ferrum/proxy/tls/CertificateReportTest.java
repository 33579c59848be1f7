package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ServerTlsConfig;
import dev.ferrum.proxy.config.TlsCertificate;
import dev.ferrum.proxy.support.TestCertificates;
import dev.ferrum.proxy.support.TestCertificates.KeyType;
import dev.ferrum.proxy.support.TestCertificates.Pair;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What --check-config and the start say about certificates; the clock is passed in. */
class CertificateReportTest {

  static Vertx vertx;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static ServerTlsConfig tls(Path cert, Path key) {
    return new ServerTlsConfig(new TlsCertificate(cert.toString(), key.toString()), List.of(), "TLSv1.2",
        OptionalLong.empty(), OptionalInt.empty(), dev.ferrum.proxy.config.ClientAuthConfig.NONE);
  }

  @Test
  void aGoodPairHasNothingToSay() {
    Pair p = TestCertificates.selfSigned(dir, "good", KeyType.RSA, true, "a.example");
    // Seen from 20 days back, the two-day certificate is more than 14 days from its end.
    assertEquals(new CertificateReport(List.of(), List.of()), CertificateReport.of(vertx, tls(p.cert(), p.key()),
        Instant.now().minus(Duration.ofDays(20))));
  }

  @Test
  void aKeyOfAnotherCertificateIsAProblem() {
    Pair a = TestCertificates.selfSigned(dir, "a", KeyType.ECDSA, false, "a.example");
    Pair b = TestCertificates.selfSigned(dir, "b", KeyType.ECDSA, false, "b.example");
    CertificateReport r = CertificateReport.of(vertx, tls(a.cert(), b.key()), Instant.now());
    assertEquals(List.of(b.key() + ": the key does not belong to the certificate in " + a.cert()), r.problems());
  }

  @Test
  void expiredAndSoonExpiringCertificatesAreWarningsNamingTheDate() {
    Pair p = TestCertificates.selfSigned(dir, "short", KeyType.RSA, false, "a.example");
    CertificateReport soon = CertificateReport.of(vertx, tls(p.cert(), p.key()), Instant.now());
    assertEquals(List.of(), soon.problems());
    assertEquals(1, soon.warnings().size());
    assertTrue(soon.warnings().get(0).startsWith(p.cert() + ": certificate expires on 20"), soon.warnings().toString());
    CertificateReport later = CertificateReport.of(vertx, tls(p.cert(), p.key()), Instant.now().plus(Duration.ofDays(3)));
    assertTrue(later.warnings().get(0).contains("certificate expired on"), later.warnings().toString());
    assertTrue(later.warnings().get(0).endsWith("(still served)"), later.warnings().toString());
  }

  @Test
  void aChainWithTheIssuerFirstIsAProblem() throws Exception {
    Pair ca = TestCertificates.authority(dir, "ca");
    Pair leaf = TestCertificates.signedBy(dir, "leaf", ca, "a.example");
    Path right = dir.resolve("right.pem");
    Files.writeString(right, Files.readString(leaf.cert()) + Files.readString(ca.cert()));
    assertEquals(List.of(), CertificateReport.of(vertx, tls(right, leaf.key()), Instant.now()).problems());
    Path wrong = dir.resolve("wrong.pem");
    Files.writeString(wrong, Files.readString(ca.cert()) + Files.readString(leaf.cert()));
    List<String> problems = CertificateReport.of(vertx, tls(wrong, leaf.key()), Instant.now()).problems();
    assertEquals(1, problems.size(), problems.toString());
  }
}
