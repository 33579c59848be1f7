package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ClientAuthConfig;
import dev.ferrum.proxy.config.ServerTlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.HttpServerOptions;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The listener's TLS settings: Mozilla's "intermediate" profile (v5.7), in the JDK's suite names.
 * Only AEAD suites with forward secrecy, so export, NULL, RC4, 3DES and CBC-SHA1 suites are never
 * offered; TLS 1.2 at least; the JDK engine refuses compression and insecure renegotiation.
 */
public final class TlsProfile {

  /** The header {@code hsts_max_age_sec} sets on every answer. */
  public static final CharSequence STRICT_TRANSPORT_SECURITY =
      io.vertx.core.http.HttpHeaders.createOptimized("strict-transport-security");

  /** TLS 1.3 suites first, then TLS 1.2 ECDHE and DHE AEAD suites, in Mozilla's order. */
  static final List<String> INTERMEDIATE_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsProfile() {
  }

  /** Turns {@code options} into an HTTPS listener for {@code tls}. */
  public static HttpServerOptions apply(HttpServerOptions options, ServerTlsConfig tls) {
    options.setSsl(true)
        .setKeyCertOptions(new SniCertificates(tls.primary(), tls.all()))
        // With one certificate SNI changes nothing; with several, Vert.x picks by the names in
        // each certificate and falls back to the first.
        .setSni(tls.all().size() > 1)
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
    for (String suite : INTERMEDIATE_SUITES) {
      options.addEnabledCipherSuite(suite);
    }
    ClientAuthConfig auth = tls.clientAuth();
    if (auth.mode() != ClientAuthConfig.Mode.NONE) {
      options.setClientAuth(auth.mode() == ClientAuthConfig.Mode.REQUIRE ? ClientAuth.REQUIRED : ClientAuth.REQUEST)
          .setTrustOptions(new PemTrustOptions().addCertPath(auth.caFile().orElseThrow()));
    }
    return options;
  }

  /**
   * The verified client certificate's subject (RFC 2253), or null when the connection is not TLS
   * or the client presented no certificate. Read from the TLS session, which Vert.x has verified
   * against {@code client_ca_file} during the handshake.
   */
  public static String clientSubject(io.vertx.core.http.HttpServerRequest req) {
    if (!req.isSSL()) {
      return null;
    }
    try {
      java.util.List<java.security.cert.Certificate> chain = req.connection().peerCertificates();
      return chain != null && !chain.isEmpty() && chain.get(0) instanceof java.security.cert.X509Certificate x
          ? x.getSubjectX500Principal().getName() : null;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The {@code Strict-Transport-Security} value, or null when not configured. */
  public static String hsts(ServerTlsConfig tls) {
    return tls == null || tls.hstsMaxAgeSec().isEmpty() ? null : "max-age=" + tls.hstsMaxAgeSec().getAsLong();
  }
}
