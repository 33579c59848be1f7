package dev.ferrum.proxy.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads {@code server.tls}. The files are checked where the problem is easiest to name: present,
 * readable, and (for certificates) holding at least one PEM certificate.
 */
final class ServerTlsReader {

  private ServerTlsReader() {
  }

  /** Null when the section has errors (they are reported). */
  static ServerTlsConfig read(ConfigNode n, java.util.OptionalInt redirectHttpPort) {
    TlsCertificate primary = certificate(n);
    List<TlsCertificate> more = new ArrayList<>();
    boolean ok = primary != null;
    for (ConfigNode c : n.sectionList("certificates", false)) {
      TlsCertificate t = certificate(c);
      c.finish();
      ok &= t != null;
      if (t != null) {
        more.add(t);
      }
    }
    String minVersion = n.string("min_version", ServerTlsConfig.TLS_1_2, false).trim();
    OptionalLong hsts = n.optionalInteger("hsts_max_age_sec", ServerTlsConfig.HSTS_MAX_AGE, false);
    ClientAuthConfig clientAuth = clientAuth(n);
    n.finish();
    if (!ok || clientAuth == null) {
      return null;
    }
    return n.build(() -> new ServerTlsConfig(primary, more, minVersion, hsts, redirectHttpPort, clientAuth));
  }

  private static ClientAuthConfig clientAuth(ConfigNode n) {
    String modeText = n.string("client_auth", "none", false).trim().toLowerCase(java.util.Locale.ROOT);
    ClientAuthConfig.Mode mode;
    switch (modeText) {
      case "none" -> mode = ClientAuthConfig.Mode.NONE;
      case "request" -> mode = ClientAuthConfig.Mode.REQUEST;
      case "require" -> mode = ClientAuthConfig.Mode.REQUIRE;
      default -> {
        n.error("client_auth", ConfigValues.quote(modeText) + " (expected: none, request or require)");
        return null;
      }
    }
    String ca = n.string("client_ca_file", "", false).trim();
    if (!ca.isEmpty() && !checkFile(n, "client_ca_file", ca, true)) {
      return null;
    }
    String header = n.string("forward_client_cert_header", "", false).trim();
    return n.build(() -> new ClientAuthConfig(mode, ca.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ca),
        header.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(header)));
  }

  private static TlsCertificate certificate(ConfigNode n) {
    String cert = n.string("cert_file", "", true).trim();
    String key = n.string("key_file", "", true).trim();
    boolean ok = !cert.isEmpty() && !key.isEmpty();
    if (!cert.isEmpty()) {
      ok &= checkFile(n, "cert_file", cert, true);
    }
    if (!key.isEmpty()) {
      ok &= checkFile(n, "key_file", key, false);
    }
    return ok ? n.build(() -> new TlsCertificate(cert, key)) : null;
  }

  private static boolean checkFile(ConfigNode n, String key, String file, boolean certificate) {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      n.error(key, ConfigValues.quote(file) + ": not found");
      return false;
    }
    if (!Files.isReadable(p)) {
      n.error(key, ConfigValues.quote(file) + ": not readable");
      return false;
    }
    if (certificate) {
      try (InputStream in = Files.newInputStream(p)) {
        if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
          n.error(key, ConfigValues.quote(file) + ": holds no PEM certificate");
          return false;
        }
      } catch (IOException | CertificateException e) {
        n.error(key, ConfigValues.quote(file) + ": not a PEM certificate (" + e.getMessage() + ")");
        return false;
      }
    }
    return true;
  }
}
