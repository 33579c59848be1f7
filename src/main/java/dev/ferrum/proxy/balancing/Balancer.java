package dev.ferrum.proxy.balancing;

import dev.ferrum.proxy.config.Balancing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Chooses one backend among a route's eligible ones. The caller owns the eligibility list (the
 * backends its health view lets through, in config order) and an acceptance test (for example
 * "not tried yet by this request"); the balancer only decides the order in which candidates are
 * offered. One instance per route and proxy instance: it is used from one event loop only.
 */
public interface Balancer {

  /**
   * The first candidate of {@code eligible} that {@code accept} takes, in this balancer's order;
   * null when none is accepted. Looks at each candidate at most once.
   */
  <T> T pick(T[] eligible, int count, Predicate<? super T> accept);

  /**
   * @param cursor the rotation position, shared by every proxy instance's balancer of the route,
   *     so the route rotates as one whatever instance a connection lands on
   */
  static Balancer forStrategy(Balancing strategy, AtomicInteger cursor) {
    return switch (strategy) {
      case ROUND_ROBIN -> new RoundRobinBalancer(cursor);
      case FIRST_HEALTHY -> FirstHealthyBalancer.INSTANCE;
    };
  }
}
