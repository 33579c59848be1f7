package dev.ferrum.proxy.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the {@code openssl} command (no private key is committed):
 * self-signed leaves for given names, RSA or ECDSA, with the key in PKCS#8 or the traditional
 * PKCS#1 / SEC1 form.
 */
public final class TestCertificates {

  /** A certificate file and its key file. */
  public record Pair(Path cert, Path key) {
  }

  public enum KeyType { RSA, ECDSA }

  private TestCertificates() {
  }

  /** A self-signed certificate for {@code names} (DNS names or IP addresses), valid for two days. */
  public static Pair selfSigned(Path dir, String stem, KeyType type, boolean traditionalKey, String... names) {
    Path cert = dir.resolve(stem + ".crt");
    Path key = dir.resolve(stem + ".key");
    List<String> san = new ArrayList<>();
    for (String n : names) {
      san.add((n.matches("[0-9.]+") ? "IP:" : "DNS:") + n);
    }
    List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
        "-subj", "/CN=" + names[0], "-addext", "subjectAltName=" + String.join(",", san),
        "-keyout", key.toString(), "-out", cert.toString()));
    if (type == KeyType.RSA) {
      cmd.addAll(List.of("-newkey", "rsa:2048"));
    } else {
      cmd.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
    }
    run(cmd);
    if (traditionalKey) {
      Path legacy = dir.resolve(stem + ".legacy.key");
      // PKCS#1 ("RSA PRIVATE KEY") needs -traditional; openssl ec writes SEC1 ("EC PRIVATE KEY") by default.
      List<String> convert = new ArrayList<>(List.of("openssl", type == KeyType.RSA ? "rsa" : "ec", "-in",
          key.toString(), "-out", legacy.toString()));
      if (type == KeyType.RSA) {
        convert.add("-traditional");
      }
      run(convert);
      return new Pair(cert, legacy);
    }
    return new Pair(cert, key);
  }

  /** A CA certificate (self-signed, CA:true) to sign leaves with. */
  public static Pair authority(Path dir, String stem) {
    Path cert = dir.resolve(stem + ".crt");
    Path key = dir.resolve(stem + ".key");
    run(List.of("openssl", "req", "-x509", "-nodes", "-days", "2", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-subj", "/CN=" + stem, "-addext", "basicConstraints=critical,CA:TRUE",
        "-keyout", key.toString(), "-out", cert.toString()));
    return new Pair(cert, key);
  }

  /** A leaf for {@code name} signed by {@code ca}; its file holds the leaf only. */
  public static Pair signedBy(Path dir, String stem, Pair ca, String name) {
    Path cert = dir.resolve(stem + ".crt");
    Path key = dir.resolve(stem + ".key");
    Path csr = dir.resolve(stem + ".csr");
    Path ext = dir.resolve(stem + ".ext");
    try {
      Files.writeString(ext, "subjectAltName=DNS:" + name + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    run(List.of("openssl", "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-subj", "/CN=" + name, "-keyout", key.toString(), "-out", csr.toString()));
    run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey",
        ca.key().toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString()));
    return new Pair(cert, key);
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed to make test certificates: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
