package dev.ferrum.proxy.config;

import java.util.Objects;

/**
 * One certificate the listener can present: a PEM chain (leaf first) and its PEM private key
 * (PKCS#8, or PKCS#1 / SEC1).
 */
public record TlsCertificate(String certFile, String keyFile) {

  public TlsCertificate {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    if (certFile.isBlank()) {
      throw new IllegalArgumentException("cert_file: \"\" (expected: a PEM certificate file)");
    }
    if (keyFile.isBlank()) {
      throw new IllegalArgumentException("key_file: \"\" (expected: a PEM private key file)");
    }
  }
}
