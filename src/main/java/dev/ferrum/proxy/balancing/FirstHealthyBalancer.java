package dev.ferrum.proxy.balancing;

import java.util.function.Predicate;

/** Always the first eligible backend in config order: a primary with ordered fallbacks. */
final class FirstHealthyBalancer implements Balancer {

  static final FirstHealthyBalancer INSTANCE = new FirstHealthyBalancer();

  @Override
  public <T> T pick(T[] eligible, int count, Predicate<? super T> accept) {
    for (int i = 0; i < count; i++) {
      if (accept.test(eligible[i])) {
        return eligible[i];
      }
    }
    return null;
  }
}
