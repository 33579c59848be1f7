package dev.ferrum.proxy.balancing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Rotates through the eligible backends. The cursor moves on every pick (retries included), modulo
 * the number eligible at that moment, so when the healthy set changes the rotation simply
 * continues over the new set. The cursor is shared by all proxy instances (one atomic increment
 * per pick), so consecutive requests rotate even when they arrive on different event loops.
 */
final class RoundRobinBalancer implements Balancer {

  private final AtomicInteger cursor;

  RoundRobinBalancer(AtomicInteger cursor) {
    this.cursor = cursor;
  }

  @Override
  public <T> T pick(T[] eligible, int count, Predicate<? super T> accept) {
    if (count <= 0) {
      return null;
    }
    int start = Math.floorMod(cursor.getAndIncrement(), count);
    for (int i = 0; i < count; i++) {
      T candidate = eligible[(start + i) % count];
      if (accept.test(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
