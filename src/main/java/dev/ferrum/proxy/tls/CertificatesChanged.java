package dev.ferrum.proxy.tls;

/**
 * Published when the listener's certificate files changed and passed {@link CertificateCheck}:
 * every proxy instance reloads its TLS context; connections already open keep theirs.
 */
public record CertificatesChanged(long sequence) {
  public static final String ADDRESS = "ferrum.tls.certificates";
}
