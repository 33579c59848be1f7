package dev.ferrum.proxy.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Client certificates on the listener ({@code server.tls.client_ca_file}, {@code client_auth},
 * {@code forward_client_cert_header}).
 *
 * @param caFile PEM bundle of the CAs whose client certificates are accepted; empty with mode NONE
 * @param forwardHeader the request header that carries the verified subject upstream, when set;
 *     a client-sent header of that name is always removed
 */
public record ClientAuthConfig(Mode mode, Optional<String> caFile, Optional<String> forwardHeader) {

  /** {@code none}: never asked; {@code request}: asked, optional; {@code require}: no certificate, no handshake. */
  public enum Mode { NONE, REQUEST, REQUIRE }

  public static final ClientAuthConfig NONE = new ClientAuthConfig(Mode.NONE, Optional.empty(), Optional.empty());

  public ClientAuthConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(forwardHeader, "forwardHeader");
    if (mode != Mode.NONE && caFile.isEmpty()) {
      throw new IllegalArgumentException("client_auth: " + mode.name().toLowerCase()
          + " (expected: none without a client_ca_file)");
    }
    forwardHeader.ifPresent(h -> {
      if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("forward_client_cert_header: " + ConfigValues.quote(h)
            + " (expected: a header name)");
      }
    });
  }
}
