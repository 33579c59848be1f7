package dev.ferrum.proxy.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The status page: one self-contained HTML file from the classpath, read once at startup. */
final class StatusPage {

  static final String HTML = load();

  private StatusPage() {
  }

  private static String load() {
    try (InputStream in = StatusPage.class.getResourceAsStream("/admin/status.html")) {
      if (in == null) {
        return "<!doctype html><title>ferrum-proxy</title><p>status page missing from the build</p>";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
