package dev.ferrum.proxy.support;

import io.vertx.core.MultiMap;

/** One request as a test backend received it. */
public record Received(String method, String uri, MultiMap headers, byte[] body, String remoteAddress) {

  public String header(String name) {
    return headers.get(name);
  }
}
