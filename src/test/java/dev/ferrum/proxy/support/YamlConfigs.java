package dev.ferrum.proxy.support;

import dev.ferrum.proxy.config.ConfigException;
import dev.ferrum.proxy.config.ConfigSource;
import dev.ferrum.proxy.config.ProxyConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Loads YAML text through the real file store, YAML processor and validator. */
public final class YamlConfigs {

  private static final Vertx VERTX = Vertx.vertx();

  private YamlConfigs() {
  }

  public static ProxyConfig load(String yaml) throws ConfigException {
    Path file = null;
    try {
      file = Files.createTempFile("ferrum-config-", ".yaml");
      Files.writeString(file, yaml);
      return new ConfigSource(VERTX, file.toString()).loadOnce().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Future.await rethrows the failure as it is (unchecked).
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      if (e.getCause() instanceof ConfigException ce) {
        throw ce;
      }
      throw new IllegalStateException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // temp file
        }
      }
    }
  }

  /** The errors a YAML text is rejected with; fails the test when it loads. */
  public static java.util.List<String> errors(String yaml) {
    try {
      load(yaml);
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("config was accepted:\n" + yaml);
  }
}
