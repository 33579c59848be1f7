package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.TlsCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The listener's certificates: chosen by SNI among all of them, and the primary one when the
 * client sends no name or one no certificate covers. (One {@link PemKeyCertOptions} holding them all
 * would answer an unknown name with whichever certificate the JDK's key manager picks first, not
 * with {@code cert_file}.)
 */
final class SniCertificates implements KeyCertOptions {

  private final TlsCertificate primary;
  private final List<TlsCertificate> all;

  SniCertificates(TlsCertificate primary, List<TlsCertificate> all) {
    this.primary = primary;
    this.all = List.copyOf(all);
  }

  private static PemKeyCertOptions pem(List<TlsCertificate> certs) {
    PemKeyCertOptions o = new PemKeyCertOptions();
    for (TlsCertificate c : certs) {
      o.addCertPath(c.certFile()).addKeyPath(c.keyFile());
    }
    return o;
  }

  @Override
  public KeyCertOptions copy() {
    return new SniCertificates(primary, all);
  }

  @Override
  public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
    return pem(List.of(primary)).getKeyManagerFactory(vertx);
  }

  @Override
  public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) throws Exception {
    // Null for a name no certificate covers: Vert.x then uses the primary (getKeyManagerFactory).
    return pem(all).keyManagerFactoryMapper(vertx);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SniCertificates other && primary.equals(other.primary) && all.equals(other.all);
  }

  @Override
  public int hashCode() {
    return Objects.hash(primary, all);
  }
}
