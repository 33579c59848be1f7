package dev.ferrum.proxy.balancing;

import dev.ferrum.proxy.config.Balancing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BalancerTest {

  private static final String[] THREE = {"3001", "3002", "3003"};

  @Test
  void roundRobinCyclesInOrder() {
    Balancer b = Balancer.forStrategy(Balancing.ROUND_ROBIN, new AtomicInteger());
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picks.add(b.pick(THREE, 3, x -> true));
    }
    assertEquals(List.of("3001", "3002", "3003", "3001"), picks);
  }

  @Test
  void roundRobinSkipsRejectedCandidates() {
    Balancer b = Balancer.forStrategy(Balancing.ROUND_ROBIN, new AtomicInteger());
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picks.add(b.pick(THREE, 3, x -> !x.equals("3002")));
    }
    assertEquals(List.of("3001", "3003", "3003", "3001"), picks);
  }

  @Test
  void instancesSharingACursorRotateAsOne() {
    AtomicInteger cursor = new AtomicInteger();
    Balancer a = Balancer.forStrategy(Balancing.ROUND_ROBIN, cursor);
    Balancer b = Balancer.forStrategy(Balancing.ROUND_ROBIN, cursor);
    assertEquals("3001", a.pick(THREE, 3, x -> true));
    assertEquals("3002", b.pick(THREE, 3, x -> true));
    assertEquals("3003", a.pick(THREE, 3, x -> true));
  }

  @Test
  void firstHealthyAlwaysTakesTheFirstAccepted() {
    Balancer b = Balancer.forStrategy(Balancing.FIRST_HEALTHY, new AtomicInteger());
    assertEquals("3001", b.pick(THREE, 3, x -> true));
    assertEquals("3001", b.pick(THREE, 3, x -> true));
    assertEquals("3002", b.pick(THREE, 3, x -> !x.equals("3001")));
  }

  @Test
  void returnsNullWhenNothingIsEligible() {
    assertNull(Balancer.forStrategy(Balancing.ROUND_ROBIN, new AtomicInteger()).pick(THREE, 0, x -> true));
    assertNull(Balancer.forStrategy(Balancing.FIRST_HEALTHY, new AtomicInteger()).pick(THREE, 3, x -> false));
    assertNull(Balancer.forStrategy(Balancing.ROUND_ROBIN, new AtomicInteger()).pick(THREE, 3, x -> false));
  }
}
