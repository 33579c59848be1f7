package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ConfigSource;
import dev.ferrum.proxy.config.TlsCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Whether a certificate file and a key file can serve: both parse, and the key is the
 * certificate's (a test signature made with the key verifies with the certificate). Blocking:
 * reads files.
 */
public final class CertificateCheck {

  private static final byte[] PROBE = "ferrum-proxy certificate check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private CertificateCheck() {
  }

  /** Null when {@code c} can serve, else one line naming the file and the problem. */
  public static String problem(Vertx vertx, TlsCertificate c) {
    KeyManagerFactory kmf;
    try {
      kmf = new PemKeyCertOptions().setCertPath(c.certFile()).setKeyPath(c.keyFile()).getKeyManagerFactory(vertx);
    } catch (Exception e) {
      return c.certFile() + " / " + c.keyFile() + ": cannot be loaded (" + ConfigSource.describe(e) + ")";
    }
    for (KeyManager km : kmf.getKeyManagers()) {
      if (!(km instanceof X509KeyManager x)) {
        continue;
      }
      for (String type : new String[] {"RSA", "EC"}) {
        String[] aliases = x.getServerAliases(type, null);
        if (aliases == null) {
          continue;
        }
        for (String alias : aliases) {
          X509Certificate[] chain = x.getCertificateChain(alias);
          PrivateKey key = x.getPrivateKey(alias);
          if (chain == null || chain.length == 0 || key == null) {
            continue;
          }
          return matches(key, chain[0]) ? null
              : c.keyFile() + ": the key does not belong to the certificate in " + c.certFile();
        }
      }
    }
    return c.certFile() + ": no RSA or ECDSA certificate with its key found";
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(PROBE);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(PROBE);
      return verify.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }
}
