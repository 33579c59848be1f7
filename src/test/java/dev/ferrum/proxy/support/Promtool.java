package dev.ferrum.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own {@code promtool} (Debian package {@code prometheus}) as a validator: the text
 * exposition parser and linter ({@code check metrics}) and the PromQL parser ({@code check rules}).
 */
public final class Promtool {

  /** Exit codes of promtool 2.x: 0 fine, 1 does not parse / invalid, 3 parses but lint problems. */
  public record Result(int exitCode, String output) {
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      for (String l : output.split("\n")) {
        if (!l.isBlank()) {
          out.add(l.trim());
        }
      }
      return out;
    }
  }

  private Promtool() {
  }

  /**
   * The system property {@code ferrum.promtool} (a path, or {@code none}), else
   * {@code /usr/bin/promtool}, else {@code promtool} on the PATH.
   */
  public static Optional<Path> find() {
    String configured = System.getProperty("ferrum.promtool");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return configured.equals("none") || !Files.isExecutable(p) ? Optional.empty() : Optional.of(p);
    }
    Path standard = Path.of("/usr/bin/promtool");
    if (Files.isExecutable(standard)) {
      return Optional.of(standard);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty() && Files.isExecutable(Path.of(d, "promtool"))) {
          return Optional.of(Path.of(d, "promtool"));
        }
      }
    }
    return Optional.empty();
  }

  /** {@code promtool check metrics} with the exposition text on stdin. */
  public static Result checkMetrics(Path promtool, String exposition) {
    return run(List.of(promtool.toString(), "check", "metrics"), exposition);
  }

  /** {@code promtool check rules FILE}: parses every expression of a rule file. */
  public static Result checkRules(Path promtool, Path rules) {
    return run(List.of(promtool.toString(), "check", "rules", rules.toString()), null);
  }

  private static Result run(List<String> cmd, String stdin) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("reading the output of " + cmd + ": " + e, e);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
