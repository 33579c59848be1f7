package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ServerTlsConfig;
import dev.ferrum.proxy.config.TlsCertificate;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --check-config} and the start say about the listener's certificates: problems that
 * stop the start (a key that does not load or does not belong to its certificate, a chain out of
 * order) and warnings that do not (a certificate expired or expiring within 14 days: it is still
 * served, the operator decides). Blocking: reads files.
 */
public record CertificateReport(List<String> problems, List<String> warnings) {

  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  public static CertificateReport of(Vertx vertx, ServerTlsConfig tls, Instant now) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (TlsCertificate c : tls.all()) {
      String p = CertificateCheck.problem(vertx, c);
      if (p != null) {
        problems.add(p);
        continue;
      }
      List<X509Certificate> chain = chain(c.certFile());
      for (int i = 0; i + 1 < chain.size(); i++) {
        if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
          problems.add(c.certFile() + ": chain out of order: certificate " + (i + 1) + " ("
              + chain.get(i).getSubjectX500Principal().getName() + ") is not issued by the one after it ("
              + chain.get(i + 1).getSubjectX500Principal().getName() + "); put the leaf first, then each issuer");
          break;
        }
      }
      if (!chain.isEmpty()) {
        Instant notAfter = chain.get(0).getNotAfter().toInstant();
        if (notAfter.isBefore(now)) {
          warnings.add(c.certFile() + ": certificate expired on " + notAfter + " (still served)");
        } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
          warnings.add(c.certFile() + ": certificate expires on " + notAfter);
        }
      }
    }
    return new CertificateReport(List.copyOf(problems), List.copyOf(warnings));
  }

  private static List<X509Certificate> chain(String file) {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    } catch (Exception e) {
      // CertificateCheck has already loaded it; a file changed since is the next scan's business.
    }
    return out;
  }
}
