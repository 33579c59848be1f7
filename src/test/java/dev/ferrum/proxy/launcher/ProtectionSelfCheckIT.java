package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A protection that cannot be installed stops the start with one line and exit code 1; the
 * documented opt-out runs without it and says so. The hooks are disabled through the test-only
 * {@code ferrum.selfcheck.simulate_missing} property, as a Vert.x or Netty upgrade would.
 */
class ProtectionSelfCheckIT {

  private static JarProcess start(Path dir, String jvmOptions) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("c.yaml"), LauncherIT.config(port));
    return JarProcess.start(dir, Map.of("JAVA_TOOL_OPTIONS", jvmOptions), "--config", "c.yaml");
  }

  @Test
  void unreachableDecoderStateRefusesTheStart(@TempDir Path dir) throws IOException {
    try (JarProcess p = start(dir, "-Dferrum.selfcheck.simulate_missing=decoder_state")) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("ferrum-proxy: protection unavailable: chunk-size line check"), p.output());
      assertFalse(p.output().contains("event=server_start"), p.output());
      assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
    }
  }

  @Test
  void aConnectionGuardThatCannotBeInstalledRefusesTheStart(@TempDir Path dir) throws IOException {
    try (JarProcess p = start(dir, "-Dferrum.selfcheck.simulate_missing=connection_guard")) {
      assertEquals(1, p.waitFor(60), p.output());
      assertTrue(p.output().contains("ferrum-proxy: protection unavailable: connection guard"), p.output());
      assertFalse(p.output().contains("\tat "), "stack trace in: " + p.output());
    }
  }

  @Test
  void theOptOutStartsWithAWarning(@TempDir Path dir) throws IOException {
    try (JarProcess p = start(dir,
        "-Dferrum.selfcheck.simulate_missing=decoder_state -Dferrum.allow_unprotected=true")) {
      p.awaitOutput("event=server_start", 60);
      assertTrue(p.output().contains("event=protection_unavailable"), p.output());
      assertTrue(p.output().contains("chunk-size line check"), p.output());
      p.signal("TERM");
      assertEquals(0, p.waitFor(60), p.output());
    }
  }
}
