package dev.ferrum.proxy.health;

import dev.ferrum.proxy.config.BackendAddress;

import java.util.List;

/**
 * Everything the checker keeps about one backend, in one place: where it is, how it is checked,
 * which routes use it, its health, and the I/O in progress for it. Owned by the checker's event
 * loop.
 */
final class TrackedBackend {

  final String key;
  final BackendHealth health;
  BackendAddress address;
  String endpoint;
  List<String> routes = List.of();
  /** An active check is in flight (never two at once). */
  boolean checking;
  /** Its first check since it appeared has not come back yet (a failure then takes it out at once). */
  boolean firstCheckPending = true;
  /** The timer that ends the current ejection, -1 for none, and the instant it was set for. */
  long ejectionTimerId = -1;
  long ejectionTimerUntil;

  TrackedBackend(BackendAddress address, long nowMs) {
    this.key = address.key();
    this.address = address;
    this.health = new BackendHealth(key, nowMs);
  }
}
