package dev.ferrum.proxy.support;

import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;

/** A whole response as a test client read it. */
public record Resp(int status, String statusMessage, MultiMap headers, byte[] bytes) {

  public String body() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return status + " " + statusMessage + " " + headers + " " + (bytes.length > 300 ? bytes.length + " bytes" : body());
  }
}
