package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.telemetry.EventLog;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Process signals. SIGHUP re-reads the config at once. SIGTERM and SIGINT start a graceful drain
 * on a thread of its own; a second one during the drain exits immediately. TERM is trapped
 * (rather than left to the JVM's shutdown hooks) precisely so that a second signal can still act.
 */
final class Signals {

  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private Signals() {
  }

  static void install(Runnable reload, Runnable drainAndExit) {
    trap("HUP", sig -> reload.run());
    trap("TERM", sig -> stop(sig, drainAndExit));
    trap("INT", sig -> stop(sig, drainAndExit));
  }

  private static void stop(Signal sig, Runnable drainAndExit) {
    if (STOPPING.compareAndSet(false, true)) {
      EventLog.info("control_signal", "signal", "SIG" + sig.getName(), "action", "graceful_shutdown");
      Thread t = new Thread(drainAndExit, "ferrum-shutdown");
      t.setDaemon(false);
      t.start();
    } else {
      EventLog.warn("control_signal", "signal", "SIG" + sig.getName(), "action", "immediate_exit");
      Runtime.getRuntime().halt(128 + sig.getNumber());
    }
  }

  private static void trap(String name, sun.misc.SignalHandler handler) {
    try {
      Signal.handle(new Signal(name), handler);
    } catch (IllegalArgumentException unsupported) {
      // Not every platform has every signal (no HUP on Windows): run without that one.
    }
  }
}
