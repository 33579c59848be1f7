package dev.ferrum.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * HTTPS on the main listener ({@code server.tls}); when present the listener speaks HTTPS only.
 *
 * @param primary {@code cert_file}/{@code key_file}: served without SNI, or when no other matches
 * @param additional {@code certificates}: chosen by SNI against each certificate's names
 * @param minVersion {@code min_version}: {@code TLSv1.2} or {@code TLSv1.3}
 * @param hstsMaxAgeSec {@code hsts_max_age_sec}: {@code Strict-Transport-Security} on every response when set
 * @param redirectHttpPort {@code server.redirect_http_port}: a cleartext listener on the same host that
 *     redirects every request to HTTPS (308), when set
 * @param clientAuth client certificates (mutual TLS)
 */
public record ServerTlsConfig(TlsCertificate primary, List<TlsCertificate> additional, String minVersion,
    OptionalLong hstsMaxAgeSec, OptionalInt redirectHttpPort, ClientAuthConfig clientAuth) {

  public static final String TLS_1_2 = "TLSv1.2";
  public static final String TLS_1_3 = "TLSv1.3";
  static final Bounds HSTS_MAX_AGE = new Bounds(0, Integer.MAX_VALUE);

  public ServerTlsConfig {
    Objects.requireNonNull(primary, "primary");
    additional = List.copyOf(additional);
    if (!TLS_1_2.equals(minVersion) && !TLS_1_3.equals(minVersion)) {
      throw new IllegalArgumentException("min_version: " + ConfigValues.quote(String.valueOf(minVersion))
          + " (expected: TLSv1.2 or TLSv1.3)");
    }
    Objects.requireNonNull(hstsMaxAgeSec, "hstsMaxAgeSec");
    Objects.requireNonNull(redirectHttpPort, "redirectHttpPort");
    Objects.requireNonNull(clientAuth, "clientAuth");
    if (hstsMaxAgeSec.isPresent()) {
      HSTS_MAX_AGE.check("hsts_max_age_sec", hstsMaxAgeSec.getAsLong());
    }
  }

  /** The protocol versions offered: never below TLS 1.2. */
  public List<String> protocols() {
    return TLS_1_3.equals(minVersion) ? List.of(TLS_1_3) : List.of(TLS_1_2, TLS_1_3);
  }

  /** Every certificate, the primary first (the one served when SNI picks none). */
  public List<TlsCertificate> all() {
    return additional.isEmpty() ? List.of(primary)
        : java.util.stream.Stream.concat(java.util.stream.Stream.of(primary), additional.stream()).toList();
  }
}
