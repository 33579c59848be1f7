package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.health.BackendState;
import dev.ferrum.proxy.upstream.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriedBackendsTest {

  private static Backend backend(int port) {
    return new Backend(BackendAddress.parse("http://127.0.0.1:" + port));
  }

  @Test
  void remembersEveryBackendTried() {
    TriedBackends t = new TriedBackends();
    Backend a = backend(1);
    Backend b = backend(2);
    Backend c = backend(3);
    t.add(a);
    t.add(b);
    t.add(b);
    t.add(c);
    assertTrue(t.contains(a) && t.contains(b) && t.contains(c));
    assertFalse(t.contains(backend(4)));
  }

  @Test
  void acceptsOnlyBackendsThatAdmitTraffic() {
    TriedBackends t = new TriedBackends();
    Backend ejected = backend(1);
    ejected.state(BackendState.EJECTED, 1);
    assertFalse(t.test(ejected));
    assertTrue(t.test(backend(2)));
  }
}
