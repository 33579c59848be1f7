package dev.ferrum.proxy.launcher;

import dev.ferrum.proxy.telemetry.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MicrometerMetricsFactory;

/**
 * How every Vert.x instance of ferrum-proxy is built, in production and in tests alike: metrics
 * into our registry, and the fastest network transport the kernel allows (io_uring, then epoll,
 * then Java NIO).
 */
public final class VertxSetup {

  private VertxSetup() {
  }

  public static VertxBuilder builder(VertxOptions options, Telemetry telemetry, boolean vertxHttpMetrics) {
    options.setMetricsOptions(telemetry.vertxMetricsOptions(vertxHttpMetrics));
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(telemetry.registry()))
        .withTransport(transport());
  }

  /** io_uring unless {@code FERRUM_TRANSPORT} says otherwise or the kernel refuses it. */
  static Transport transport() {
    String wanted = System.getenv().getOrDefault("FERRUM_TRANSPORT", "auto");
    switch (wanted) {
      case "nio":
        return Transport.NIO;
      case "epoll":
        return Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      default:
        if (Transport.IO_URING.available()) {
          return Transport.IO_URING;
        }
        return Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    }
  }
}
