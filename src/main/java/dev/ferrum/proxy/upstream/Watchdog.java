package dev.ferrum.proxy.upstream;

import io.vertx.core.Vertx;

import java.util.function.LongSupplier;

/**
 * All the timeouts of one proxy instance (response head, body idle gaps, slow clients, idle
 * keep-alive connections) checked by one periodic sweep instead of one timer per request: adding
 * and removing a watch is two pointer updates, and a request that finishes in time costs no timer
 * at all. A timeout fires within one sweep period of its due time. Event-loop confined.
 */
public final class Watchdog {

  /** Something with a deadline; an intrusive list node, so watching allocates nothing. */
  public abstract static class Watch {
    Watch prev;
    Watch next;
    boolean watched;
    int epoch;

    /** Called every sweep; returns true when it is done and leaves the watch list. */
    protected abstract boolean poll(long nowNanos);
  }

  private final Vertx vertx;
  private final LongSupplier clock;
  private Watch head;
  private long timerId = -1;
  private long periodMs;

  public Watchdog(Vertx vertx, long periodMs) {
    this.vertx = vertx;
    this.clock = System::nanoTime;
    period(periodMs);
  }

  /** A watchdog that never sweeps by itself: tests call {@link #sweep()} and drive the clock. */
  Watchdog(LongSupplier clock) {
    this.vertx = null;
    this.clock = clock;
  }

  /** Now, on the clock every watch of this watchdog uses (monotonic nanoseconds). */
  public long now() {
    return clock.getAsLong();
  }

  /** Changes the sweep period (on a reload whose timeouts call for another precision). */
  public void period(long ms) {
    long p = Math.max(5, ms);
    if (p == periodMs) {
      return;
    }
    periodMs = p;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerId = vertx.setPeriodic(p, id -> sweep());
  }

  /** A period fine enough for the shortest of these timeouts. */
  public static long periodFor(long shortestTimeoutMs) {
    return Math.max(5, Math.min(100, shortestTimeoutMs / 10));
  }

  public void add(Watch w) {
    if (w.watched) {
      return;
    }
    w.watched = true;
    w.epoch++;
    w.prev = null;
    w.next = head;
    if (head != null) {
      head.prev = w;
    }
    head = w;
  }

  public void remove(Watch w) {
    if (!w.watched) {
      return;
    }
    w.watched = false;
    if (w.prev != null) {
      w.prev.next = w.next;
    } else {
      head = w.next;
    }
    if (w.next != null) {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
  }

  void sweep() {
    long now = clock.getAsLong();
    Watch w = head;
    while (w != null) {
      Watch next = w.next;
      int epoch = w.epoch;
      boolean done;
      try {
        done = w.poll(now);
      } catch (RuntimeException e) {
        // A failing watch must not stop the others from being checked.
        done = true;
      }
      // A watch that was removed and added again while it was polled (a timeout that started a
      // retry, which armed the same timeout anew) stays.
      if (done && w.epoch == epoch) {
        remove(w);
      }
      if (next != null && !next.watched) {
        // The next node left the list during the poll: restart from the head next sweep.
        break;
      }
      w = next;
    }
  }

  public void close() {
    if (timerId >= 0 && vertx != null) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
