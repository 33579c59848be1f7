package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.admin.ReloadStatus;
import dev.ferrum.proxy.config.ConfigUpdate;
import dev.ferrum.proxy.health.HealthDetails;
import dev.ferrum.proxy.health.HealthSnapshot;
import dev.ferrum.proxy.health.OutcomeBatch;
import dev.ferrum.proxy.tls.CertificatesChanged;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/** Registers the codecs of our event-bus messages, once per Vert.x instance. */
public final class EventBusCodecs {

  private EventBusCodecs() {
  }

  public static synchronized void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    register(bus, ConfigUpdate.class);
    register(bus, ReloadStatus.class);
    register(bus, HealthSnapshot.class);
    register(bus, OutcomeBatch.class);
    register(bus, HealthDetails.class);
    register(bus, CertificatesChanged.class);
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // A second main verticle in the same Vert.x (tests): the first registration stands.
    }
  }
}
