package dev.ferrum.proxy.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The YAML config file, read through vertx-config's file store and YAML processor, both for the
 * one-off read at startup (and {@code --check-config}) and for the watcher that re-reads it every
 * {@code server.config_scan_period_ms}.
 */
public final class ConfigSource {

  private final Vertx vertx;
  private final String path;

  public ConfigSource(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = path;
  }

  public String path() {
    return path;
  }

  /** A retriever polling the file; {@code scanPeriodMs} 0 reads only on demand. */
  public ConfigRetriever retriever(long scanPeriodMs) {
    ConfigStoreOptions store = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", path));
    return ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(scanPeriodMs)
        .setIncludeDefaultStores(false)
        .addStore(store));
  }

  /** Reads and validates the file once; fails with a {@link ConfigException} naming every problem. */
  public Future<ProxyConfig> loadOnce() {
    if (!Files.isRegularFile(Path.of(path))) {
      return Future.failedFuture(new ConfigException("config file " + path + ": not found (pass --config FILE"
          + " or set FERRUM_CONFIG)"));
    }
    ConfigRetriever r = retriever(0);
    return r.getConfig()
        .transform(ar -> {
          r.close();
          if (ar.failed()) {
            return Future.failedFuture(new ConfigException("config file " + path + ": " + describe(ar.cause())));
          }
          return validate(ar.result());
        });
  }

  /** Validates off the event loop: checking {@code server.host} may resolve a name. */
  public Future<ProxyConfig> validate(JsonObject json) {
    return vertx.executeBlocking(() -> ConfigLoader.load(json), false);
  }

  /** One line for a read or parse failure (snakeyaml's messages span several lines). */
  public static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    Throwable c = t;
    String last = null;
    while (c != null) {
      String m = c.getMessage();
      if (m != null && !m.equals(last) && !m.isBlank()) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m.replaceAll("\\s+", " ").trim());
        last = m;
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    String s = b.length() == 0 ? t.getClass().getSimpleName() : b.toString();
    if (s.contains("Failed to decode YAML") || t.getClass().getName().contains("yaml")) {
      s = "invalid YAML: " + s.replace("Failed to decode YAML: ", "");
    }
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}
