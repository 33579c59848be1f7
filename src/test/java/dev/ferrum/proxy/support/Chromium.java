package dev.ferrum.proxy.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium as a child process, driven over the Chrome DevTools Protocol with the JDK's
 * WebSocket client. {@link #close()} kills the browser and every process it started and deletes
 * its temporary profile.
 */
public final class Chromium implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Page> pages = new ArrayList<>();

  private Chromium(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The system property {@code ferrum.chromium} (a path, or {@code none} to skip browser tests),
   * else {@code /usr/bin/chromium}, else {@code chromium} or {@code chromium-browser} on the PATH.
   */
  public static Optional<Path> find() {
    String configured = System.getProperty("ferrum.chromium");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return configured.equals("none") || !Files.isExecutable(p) ? Optional.empty() : Optional.of(p);
    }
    Path standard = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(standard)) {
      return Optional.of(standard);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (d.isEmpty()) {
          continue;
        }
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts the browser on {@code about:blank} and waits (up to {@code startTimeout}) for its DevTools port. */
  public static Chromium launch(Path binary, Duration startTimeout) throws IOException {
    Path dir = Files.createTempDirectory("ferrum-chromium-");
    Path profile = dir.resolve("profile");
    Files.createDirectories(profile);
    Path log = dir.resolve("chromium.log");
    List<String> cmd = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,900",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      String port = Eventually.await("chromium's DevTools port").atMost(startTimeout)
          .pollInterval(Duration.ofMillis(25))
          .failFast("chromium exited", () -> !p.isAlive() && devToolsPort(portFile) == null)
          .until(() -> devToolsPort(portFile), Objects::nonNull);
      return new Chromium(p, dir, Integer.parseInt(port));
    } catch (TerminalFailureException e) {
      kill(p);
      deleteTree(dir);
      throw new IOException("chromium exited with " + p.exitValue() + ":\n" + tail(log), e);
    } catch (ConditionTimeoutException e) {
      kill(p);
      deleteTree(dir);
      throw new IOException("chromium did not open its DevTools port within " + startTimeout + ":\n" + tail(log), e);
    } catch (RuntimeException e) {
      kill(p);
      deleteTree(dir);
      throw e;
    }
  }

  /** The port in Chromium's DevTools port file, once it is written whole; else null. */
  private static String devToolsPort(Path portFile) throws IOException {
    if (!Files.exists(portFile)) {
      return null;
    }
    List<String> lines = Files.readAllLines(portFile);
    return lines.size() >= 2 && !lines.get(0).isBlank() ? lines.get(0).trim() : null;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public int devToolsPort() {
    return port;
  }

  /** The page target the browser started with, connected. */
  public Page firstPage() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    for (Object o : new JsonArray(r.body())) {
      JsonObject target = (JsonObject) o;
      if ("page".equals(target.getString("type"))) {
        Page page = new Page(http, target.getString("webSocketDebuggerUrl"));
        pages.add(page);
        return page;
      }
    }
    throw new IOException("no page target in " + r.body());
  }

  @Override
  public void close() {
    for (Page page : pages) {
      page.close();
    }
    kill(process);
    deleteTree(dir);
  }

  /** SIGTERM to the browser and all its descendants (listed before anyone exits), then SIGKILL to stragglers. */
  private static void kill(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(0, p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        h.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException ignored) {
          // best effort: a temp dir
        }
      });
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** One page target's DevTools session. */
  public static final class Page implements WebSocket.Listener {

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    Page(HttpClient http, String wsUrl) throws IOException {
      try {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(wsUrl), this).get(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("DevTools WebSocket " + wsUrl + ": " + e, e);
      }
    }

    /** Sends one command and waits for its result (the {@code result} object). */
    public JsonObject send(String method, JsonObject params) {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonObject> answer = new CompletableFuture<>();
      pending.put(id, answer);
      JsonObject msg = new JsonObject().put("id", id).put("method", method).put("params", params);
      try {
        synchronized (socket) {
          socket.sendText(msg.encode(), true).get(10, TimeUnit.SECONDS);
        }
        JsonObject reply = answer.get(20, TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
          throw new IllegalStateException(method + " failed: " + reply.getJsonObject("error"));
        }
        return reply.getJsonObject("result", new JsonObject());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(method + ": no answer: " + e, e);
      } finally {
        pending.remove(id);
      }
    }

    public void navigate(String url) {
      JsonObject r = send("Page.navigate", new JsonObject().put("url", url));
      if (r.getString("errorText") != null) {
        throw new IllegalStateException("navigation to " + url + " failed: " + r.getString("errorText"));
      }
    }

    /** Evaluates an expression in the page and returns its value (JSON-compatible values only). */
    public Object evaluate(String expression) {
      JsonObject r = send("Runtime.evaluate", new JsonObject().put("expression", expression)
          .put("returnByValue", true).put("awaitPromise", true));
      if (r.containsKey("exceptionDetails")) {
        throw new IllegalStateException("script failed: " + r.getJsonObject("exceptionDetails").encode());
      }
      return r.getJsonObject("result", new JsonObject()).getValue("value");
    }

    /** A PNG of the whole page. */
    public void screenshot(Path png) throws IOException {
      JsonObject r = send("Page.captureScreenshot", new JsonObject().put("format", "png")
          .put("captureBeyondViewport", true));
      Files.write(png, Base64.getDecoder().decode(r.getString("data")));
    }

    void close() {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        socket.abort();
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        JsonObject msg = new JsonObject(text);
        Integer id = msg.getInteger("id");
        if (id != null) {
          CompletableFuture<JsonObject> f = pending.get(id);
          if (f != null) {
            f.complete(msg);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools socket closed: " + reason)));
      return null;
    }
  }
}
