package dev.ferrum.proxy.support;

import dev.ferrum.proxy.config.ConfigSource;
import dev.ferrum.proxy.config.ProxyConfig;
import dev.ferrum.proxy.launcher.MainVerticle;
import dev.ferrum.proxy.launcher.VertxSetup;
import dev.ferrum.proxy.telemetry.Telemetry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starts the real proxy (main verticle, health checker, proxy verticles) in its own Vert.x, from
 * YAML text, on an ephemeral port, and talks to it over real sockets. {@code ${port}} in the YAML
 * is replaced by the proxy's port.
 */
public final class ProxyHarness implements AutoCloseable {

  public final Vertx vertx;
  public final Telemetry telemetry;
  public final int port;
  public final Path configFile;
  public final MainVerticle main;
  private final java.net.http.HttpClient http;

  private ProxyHarness(Vertx vertx, Telemetry telemetry, int port, Path configFile, MainVerticle main) {
    this.vertx = vertx;
    this.telemetry = telemetry;
    this.port = port;
    this.configFile = configFile;
    this.main = main;
    this.http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1)
        .connectTimeout(java.time.Duration.ofSeconds(10))
        .build();
  }

  public static ProxyHarness start(String yaml) {
    return start(yaml, false);
  }

  /** Like {@link #start(String)}, watching the config file for changes. */
  public static ProxyHarness startWatching(String yaml) {
    return start(yaml, true);
  }

  private static ProxyHarness start(String yaml, boolean watch) {
    int port = Ports.free();
    Path file;
    try {
      file = Files.createTempFile("ferrum-test-", ".yaml");
      Files.writeString(file, yaml.replace("${port}", Integer.toString(port)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Telemetry telemetry = Telemetry.create();
    Vertx boot = Vertx.vertx();
    ProxyConfig config = Await.result(new ConfigSource(boot, file.toString()).loadOnce(), 30);
    Await.result(boot.close(), 10);
    Vertx vertx = VertxSetup.builder(new VertxOptions(), telemetry, config.metrics().vertxHttpMetrics()).build();
    MainVerticle main = new MainVerticle(config, watch ? file.toString() : null, telemetry);
    Await.result(vertx.deployVerticle(main), 60);
    return new ProxyHarness(vertx, telemetry, port, file, main);
  }

  /** Rewrites the watched config file ({@code ${port}} substituted). */
  public void rewriteConfig(String yaml) {
    try {
      Path tmp = Files.createTempFile(configFile.getParent(), "ferrum-next-", ".yaml");
      Files.writeString(tmp, yaml.replace("${port}", Integer.toString(port)));
      Files.move(tmp, configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Resp get(String path) {
    return request(HttpMethod.GET, path, Map.of(), null);
  }

  /**
   * One request over a pooled keep-alive connection. The JDK's client is used on purpose: Vert.x's
   * client awaited from a test thread was seen to lose a request once in a few thousand, which is
   * a test-harness problem we do not want to mistake for a proxy one.
   */
  public Resp request(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + path))
        .timeout(java.time.Duration.ofSeconds(30))
        .method(method.name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.getBytes()));
    headers.forEach(b::header);
    try {
      java.net.http.HttpResponse<byte[]> r = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      r.headers().map().forEach((k, vs) -> vs.forEach(v -> h.add(k, v)));
      return new Resp(r.statusCode(), null, h, r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public String metrics() {
    return telemetry.registry().scrape();
  }

  /** The checker's view of one backend, as {@code /health/backends} shows it. */
  public JsonObject backend(String url) {
    JsonObject all = new JsonObject(get("/health/backends").body());
    for (Object o : all.getJsonArray("backends")) {
      JsonObject b = (JsonObject) o;
      if (b.getString("backend").equals(url)) {
        return b;
      }
    }
    throw new AssertionError("no backend " + url + " in " + all);
  }

  public String stateOf(String url) {
    return backend(url).getString("state");
  }

  /**
   * Polls until {@code condition} holds or fails the test after {@code timeout} (Awaitility, see
   * {@link Eventually}; new code can call {@code Eventually.await(what)} directly).
   */
  public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    try {
      Eventually.await(what).atMost(timeout).until(condition::getAsBoolean);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting for: " + what, e);
    }
  }

  @Override
  public void close() {
    Await.result(vertx.close(), 30);
    try {
      Files.deleteIfExists(configFile);
    } catch (IOException ignored) {
      // temp file
    }
  }
}
