package dev.ferrum.proxy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a child process, as an operator would run it. */
public final class JarProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "ferrum-proxy.jar");

  private final Process process;
  private final Path output;

  private JarProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static JarProcess start(Path workDir, String... args) {
    return start(workDir, java.util.Map.of(), args);
  }

  public static JarProcess start(Path workDir, java.util.Map<String, String> env, String... args) {
    try {
      Path out = Files.createTempFile("ferrum-jar-", ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.add("-jar");
      cmd.add(JAR.toAbsolutePath().toString());
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      return new JarProcess(p, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs to completion and returns the exit code. */
  public int waitFor(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("process did not exit within " + seconds + " s; output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Sends a signal by name (TERM, INT, HUP). */
  public void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the output contains {@code text}. */
  public void awaitOutput(String text, long seconds) {
    try {
      Eventually.await("'" + text + "' in the output").atMost(Duration.ofSeconds(seconds))
          .pollInterval(Duration.ofMillis(50))
          .failFast("the process exited", () -> !process.isAlive() && !output().contains(text))
          .until(() -> output().contains(text));
    } catch (org.awaitility.core.TerminalFailureException e) {
      throw new AssertionError("process exited (" + process.exitValue() + ") before printing '" + text + "':\n"
          + output(), e);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no '" + text + "' within " + seconds + " s:\n" + output(), e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // temp file
    }
  }
}
