package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.support.JarProcess;
import dev.ferrum.proxy.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar refuses a client-initiated TLS 1.2 renegotiation (each one would cost the server
 * a full handshake) and a TLS 1.1 handshake, checked with the openssl command as testssl.sh does.
 */
class TlsHandshakeIT {

  @Test
  void aClientInitiatedRenegotiationAndTls11AreRefused(@TempDir Path dir) throws Exception {
    TestCertificates.Pair cert = TestCertificates.selfSigned(dir, "c", TestCertificates.KeyType.RSA, false, "localhost");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("c.yaml"), LauncherIT.config(port)
        .replace("  instances: 2\n", "  instances: 2\n  tls: { cert_file: %s, key_file: %s }\n")
        .formatted(cert.cert(), cert.key()));
    try (JarProcess p = JarProcess.start(dir, "--config", "c.yaml")) {
      p.awaitOutput("event=server_start", 60);
      Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2")
          .redirectErrorStream(true).start();
      try (OutputStream in = client.getOutputStream()) {
        Thread.sleep(1000);
        // "R" on a line of its own asks s_client to renegotiate.
        in.write("R\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        Thread.sleep(1500);
      }
      assertTrue(client.waitFor(20, TimeUnit.SECONDS), "s_client did not end");
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(out.contains("RENEGOTIATING"), out);
      assertTrue(out.contains("alert handshake failure"), "renegotiation was not refused:\n" + out);

      // TLS 1.1 is never offered: a client that allows it (SECLEVEL 0) and asks for it is refused.
      Process old = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_1",
          "-cipher", "DEFAULT:@SECLEVEL=0").redirectErrorStream(true).start();
      old.getOutputStream().close();
      assertTrue(old.waitFor(20, TimeUnit.SECONDS), "s_client did not end");
      String refused = new String(old.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(refused.contains("alert protocol version"), "TLS 1.1 was not refused:\n" + refused);
    }
  }
}
