package dev.ferrum.proxy.health;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends a proxy instance's observations to the checker, at most one event-bus message per
 * event-loop turn: reports gathered while handling one batch of I/O go out together. Which
 * outcomes are worth reporting is the caller's decision (failures always, successes only after
 * a failure or while probing), so a healthy request path sends nothing.
 */
public final class OutcomeReporter {

  private final Vertx vertx;
  private final Context context;
  private List<Outcome> pending = new ArrayList<>();
  private boolean flushScheduled;

  public OutcomeReporter(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  public void report(String backend, OutcomeKind kind, int status) {
    pending.add(new Outcome(backend, kind, status));
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return;
    }
    List<Outcome> batch = pending;
    pending = new ArrayList<>();
    vertx.eventBus().send(HealthAddresses.REPORT, new OutcomeBatch(List.copyOf(batch)));
  }
}
