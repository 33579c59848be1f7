package dev.ferrum.proxy.upstream;

import dev.ferrum.proxy.config.BackendAddress;
import dev.ferrum.proxy.health.BackendState;
import dev.ferrum.proxy.health.OutcomeKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendTest {

  private static Backend probing(int slots) {
    Backend b = new Backend(BackendAddress.parse("http://127.0.0.1:3001"));
    b.state(BackendState.PROBING, slots);
    return b;
  }

  @Test
  void aProbingBackendAdmitsOnlyAsManyTrialsAsItHasSlots() {
    Backend b = probing(1);
    assertTrue(b.admits());
    assertTrue(b.begin(), "the first request is a trial");
    assertFalse(b.admits(), "its one slot is taken");
  }

  @Test
  void noVerdictFreesTheSlotAndReportsNothing() {
    Backend b = probing(1);
    b.begin();
    // A null reporter: reporting anything would throw.
    assertNull(b.end(true, OutcomeKind.NO_VERDICT, 0, null));
    assertTrue(b.admits(), "the slot is free for another trial");
    assertTrue(b.state() == BackendState.PROBING);
  }

  @Test
  void aHealthyBackendAlwaysAdmitsAndStartsNoTrial() {
    Backend b = new Backend(BackendAddress.parse("http://127.0.0.1:3001"));
    assertTrue(b.admits());
    assertFalse(b.begin());
    assertTrue(b.admits());
    b.state(BackendState.EJECTED, 1);
    assertFalse(b.admits());
  }
}
