package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ServerTlsConfig;
import io.vertx.core.http.HttpServerOptions;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The listener's TLS settings: Mozilla's "intermediate" profile (v5.7), in the JDK's suite names.
 * Only AEAD suites with forward secrecy, so export, NULL, RC4, 3DES and CBC-SHA1 suites are never
 * offered; TLS 1.2 at least; the JDK engine refuses compression and insecure renegotiation.
 */
public final class TlsProfile {

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
    return options;
  }

  /** The {@code Strict-Transport-Security} value, or null when not configured. */
  public static String hsts(ServerTlsConfig tls) {
    return tls == null || tls.hstsMaxAgeSec().isEmpty() ? null : "max-age=" + tls.hstsMaxAgeSec().getAsLong();
  }
}
