package dev.ferrum.proxy.upstream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WatchdogTest {

  private long now;
  private final Watchdog dog = new Watchdog(() -> now);

  /** Done when the clock reaches {@code due}; records each poll. */
  private final class Due extends Watchdog.Watch {
    final long due;
    final List<Long> polls = new ArrayList<>();

    Due(long due) {
      this.due = due;
    }

    @Override
    protected boolean poll(long t) {
      polls.add(t);
      return t >= due;
    }
  }

  @Test
  void aWatchIsPolledUntilDueThenLeaves() {
    Due w = new Due(20);
    dog.add(w);
    now = 10;
    dog.sweep();
    now = 20;
    dog.sweep();
    now = 30;
    dog.sweep();
    assertEquals(List.of(10L, 20L), w.polls);
  }

  @Test
  void aRemovedWatchIsNotPolledAndAddingTwiceIsOnce() {
    Due a = new Due(100);
    Due b = new Due(100);
    dog.add(a);
    dog.add(a);
    dog.add(b);
    dog.remove(a);
    dog.sweep();
    assertEquals(0, a.polls.size());
    assertEquals(1, b.polls.size());
  }

  @Test
  void aWatchThatThrowsLeavesWithoutStoppingTheOthers() {
    Watchdog.Watch bad = new Watchdog.Watch() {
      @Override
      protected boolean poll(long t) {
        throw new IllegalStateException("boom");
      }
    };
    Due good = new Due(100);
    dog.add(good);
    dog.add(bad);
    dog.sweep();
    dog.sweep();
    assertEquals(2, good.polls.size());
  }

  @Test
  void aWatchReAddedDuringItsOwnPollStays() {
    Watchdog.Watch rearming = new Watchdog.Watch() {
      int polls;

      @Override
      protected boolean poll(long t) {
        polls++;
        if (polls == 1) {
          // A timeout that started a retry, which armed the same timeout anew.
          dog.remove(this);
          dog.add(this);
        }
        return true;
      }
    };
    Due other = new Due(1_000);
    dog.add(other);
    dog.add(rearming);
    dog.sweep();
    Due probe = new Due(0);
    dog.add(probe);
    dog.sweep();
    dog.sweep();
    assertEquals(1, probe.polls.size());
    assertEquals(3, other.polls.size());
  }

  @Test
  void periodIsFineEnoughForTheShortestTimeout() {
    assertEquals(5, Watchdog.periodFor(10));
    assertEquals(50, Watchdog.periodFor(500));
    assertEquals(100, Watchdog.periodFor(60_000));
  }
}
