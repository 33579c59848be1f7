package dev.ferrum.proxy.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The little state all proxy instances of a process share, lock-free: each route's round-robin
 * position and the memory budget of retry replay buffers. Looked up by key only when a
 * configuration is compiled, never per request.
 */
public final class SharedProxyState {

  private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
  final AtomicLong replayBytes = new AtomicLong();
  final AtomicInteger replayBodies = new AtomicInteger();

  AtomicInteger cursor(String routePrefix) {
    return cursors.computeIfAbsent(routePrefix, k -> new AtomicInteger());
  }
}
