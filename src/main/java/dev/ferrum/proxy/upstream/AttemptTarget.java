package dev.ferrum.proxy.upstream;

import io.vertx.core.http.HttpClientRequest;

import java.util.function.Function;

/**
 * What the connector needs to know about the attempt it opens a request for. As a function it
 * receives the obtained upstream request (so a single object per client request serves every
 * attempt, with no per-attempt lambda).
 */
public interface AttemptTarget extends Function<HttpClientRequest, HttpClientRequest> {

  Backend backend();

  /** Time allowed to obtain a connection (pool wait and TCP connect). */
  long connectTimeoutMs();
}
