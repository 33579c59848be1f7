package dev.ferrum.proxy.support;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a Vert.x future, failing the test instead of hanging. */
public final class Await {

  private Await() {
  }

  public static <T> T result(Future<T> f) {
    return result(f, 60);
  }

  public static <T> T result(Future<T> f, int seconds) {
    try {
      return f.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + seconds + " s", e);
    }
  }
}
