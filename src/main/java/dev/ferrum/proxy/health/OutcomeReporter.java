package dev.ferrum.proxy.health;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
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

  private static final DeliveryOptions ACKED = new DeliveryOptions().setSendTimeout(500);

  private final Vertx vertx;
  private final Context context;
  private List<Outcome> pending = new ArrayList<>();
  private Promise<Void> ack;
  private boolean flushScheduled;

  public OutcomeReporter(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  /**
   * Queues one observation. For a failure, returns a future that completes once the checker has
   * processed it and published any state change it caused (or after 500 ms at worst): a failed
   * request answered only then cannot be followed by one sent to a backend the checker already
   * took out. Successes return null: nobody waits for them.
   */
  public Future<Void> report(String backend, OutcomeKind kind, int status) {
    pending.add(new Outcome(backend, kind, status));
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
    if (!kind.failure()) {
      return null;
    }
    if (ack == null) {
      ack = Promise.promise();
    }
    return ack.future();
  }

  private void flush() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return;
    }
    OutcomeBatch batch = new OutcomeBatch(List.copyOf(pending));
    pending = new ArrayList<>();
    Promise<Void> waiting = ack;
    ack = null;
    if (waiting == null) {
      vertx.eventBus().send(HealthAddresses.REPORT, batch);
    } else {
      vertx.eventBus().request(HealthAddresses.REPORT, batch, ACKED).onComplete(ar -> waiting.complete());
    }
  }
}
