package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.support.JarProcess;
import dev.ferrum.proxy.support.TestCertificates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar, started as an operator would start it. */
class LauncherIT {

  static String config(int port) {
    return """
        server:
          port: %d
          host: 127.0.0.1
          instances: 2
        routes:
          - path_prefix: /api
            backends: [http://127.0.0.1:9]
        health_check:
          interval_sec: 60
          endpoint: /health
          check_timeout_ms: 500
        """.formatted(port);
  }

  @Test
  void checkConfigAcceptsTheShippedConfig() {
    try (JarProcess p = JarProcess.start(Path.of("."), "--check-config")) {
      assertEquals(0, p.waitFor(60), p.output());
      assertTrue(p.output().contains("config OK: conf/config.yaml (2 routes, 4 backends)"), p.output());
    }
  }

  @Test
  void checkConfigRejectsATypoNamingItsPath(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), config(8080) + "retry:\n  max_attemps: 3\n");
    try (JarProcess p = JarProcess.start(dir, "--check-config", "--config", "bad.yaml")) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("retry.max_attemps: unknown key"), p.output());
      assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
    }
  }

  @Test
  void checkConfigListsEveryError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), config(0).replace("interval_sec: 60", "interval_sec: 0")
        + "retry:\n  max_attemps: 3\n");
    try (JarProcess p = JarProcess.start(dir, "--check-config", "--config=bad.yaml")) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("3 errors"), p.output());
      assertTrue(p.output().contains("server.port: 0"), p.output());
      assertTrue(p.output().contains("health_check.interval_sec: 0"), p.output());
    }
  }

  @Test
  void theEnvironmentVariablePicksTheConfig(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("env.yaml"), config(8080));
    try (JarProcess p = JarProcess.start(dir, Map.of("FERRUM_CONFIG", "env.yaml"), "--check-config")) {
      assertEquals(0, p.waitFor(60), p.output());
      assertTrue(p.output().contains("config OK: env.yaml"), p.output());
    }
  }

  @Test
  void aBadConfigAtStartupIsOneClearLineAndExitCode1(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.yaml"), config(8080).replace("http://127.0.0.1:9", "https://x:1"));
    try (JarProcess p = JarProcess.start(dir)) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("routes[0].backends[0]: \"https://x:1\" uses https"), p.output());
      assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
    }
  }

  @Test
  void aMissingConfigFileIsNamed(@TempDir Path dir) {
    try (JarProcess p = JarProcess.start(dir)) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("conf/config.yaml: not found"), p.output());
    }
  }

  @Test
  void aPortInUseIsOneClearLineAndExitCode1(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Files.writeString(dir.resolve("c.yaml"), config(taken.getLocalPort()));
      try (JarProcess p = JarProcess.start(dir, "--config", "c.yaml")) {
        assertEquals(1, p.waitFor(60), p.output());
        assertTrue(p.output().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), p.output());
        assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
      }
    }
  }

  @Test
  void checkConfigChecksTheCertificatesAndWarnsOfExpiry(@TempDir Path dir) throws IOException {
    TestCertificates.Pair a = TestCertificates.selfSigned(dir, "a", TestCertificates.KeyType.RSA, false, "a.example");
    TestCertificates.Pair b = TestCertificates.selfSigned(dir, "b", TestCertificates.KeyType.RSA, false, "b.example");
    String tls = config(8443).replace("  instances: 2\n", "  instances: 2\n  tls: { cert_file: %s, key_file: %s }\n");
    Files.writeString(dir.resolve("good.yaml"), tls.formatted(a.cert(), a.key()));
    try (JarProcess p = JarProcess.start(dir, "--check-config", "--config", "good.yaml")) {
      assertEquals(0, p.waitFor(60), p.output());
      assertTrue(p.output().contains("warning: server.tls: " + a.cert() + ": certificate expires on"), p.output());
      assertTrue(p.output().contains("config OK"), p.output());
    }
    Files.writeString(dir.resolve("bad.yaml"), tls.formatted(a.cert(), b.key()));
    try (JarProcess p = JarProcess.start(dir, "--check-config", "--config", "bad.yaml")) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("server.tls: " + b.key() + ": the key does not belong to the certificate in "
          + a.cert()), p.output());
      assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
    }
  }

  @Test
  void theOriginalConfigStartsUnchanged(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(portFree(8080), "port 8080 is taken on this machine");
    Files.writeString(dir.resolve("config.yaml"), """
        server:
          port: 8080
          host: 0.0.0.0

        routes:
          - path_prefix: /api
            backends:
              - http://127.0.0.1:3001
              - http://127.0.0.1:3002
              - http://127.0.0.1:3003

          - path_prefix: /static
            backends:
              - http://127.0.0.1:4000

        health_check:
          interval_sec: 10
          endpoint: /health

        retry:
          max_attempts: 2
          backoff_ms: 50

        debug:
          auth_token: change-me
        """);
    try (JarProcess p = JarProcess.start(dir, "--config", "config.yaml")) {
      p.awaitOutput("event=server_start", 60);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("ok\n", health.body());
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, metrics.statusCode());
      p.signal("TERM");
      assertEquals(0, p.waitFor(60), p.output());
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
