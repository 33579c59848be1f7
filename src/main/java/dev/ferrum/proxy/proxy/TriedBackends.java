package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.upstream.Backend;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The backends one request has tried, and the balancer's acceptance test built on them: a backend
 * that admits traffic and, while there is another choice, one not tried yet. The first backend
 * costs a field; only a request retried onto a third one allocates.
 */
final class TriedBackends implements Predicate<Backend> {

  private Backend first;
  private Backend[] more;
  private boolean excludeTried;

  /** The balancer's choice for the next attempt: an untried backend if any, else any that admits. */
  Backend choose(ActiveRoute route) {
    excludeTried = first != null;
    Backend b = route.pick(this);
    if (b == null && excludeTried) {
      excludeTried = false;
      b = route.pick(this);
    }
    return b;
  }

  void add(Backend b) {
    if (first == null) {
      first = b;
      return;
    }
    if (contains(b)) {
      return;
    }
    Backend[] next = more == null ? new Backend[1] : Arrays.copyOf(more, more.length + 1);
    next[next.length - 1] = b;
    more = next;
  }

  boolean contains(Backend b) {
    if (first == b) {
      return true;
    }
    if (more != null) {
      for (Backend t : more) {
        if (t == b) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean test(Backend b) {
    return b.admits() && (!excludeTried || !contains(b));
  }
}
