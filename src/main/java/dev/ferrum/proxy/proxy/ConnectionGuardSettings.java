package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.config.ServerConfig;
import dev.ferrum.proxy.netty.GuardSettings;
import dev.ferrum.proxy.netty.Rejection;
import dev.ferrum.proxy.telemetry.ProxyMetrics;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the connection guards of one proxy instance read: the client timeouts in force (replaced on
 * reload) and, for a request refused below the codec, the answer the error renderer makes for it
 * and the error counter it goes to.
 */
final class ConnectionGuardSettings implements GuardSettings {

  private static final Map<Rejection, FailureKind> KINDS = new EnumMap<>(Map.of(
      Rejection.HEADER_TIMEOUT, FailureKind.CLIENT_HEADER_TIMEOUT,
      Rejection.OBS_FOLD, FailureKind.OBS_FOLD,
      Rejection.BAD_BODY_FRAMING, FailureKind.BAD_BODY_FRAMING));
  private static final Map<Rejection, byte[]> ANSWERS = new EnumMap<>(Rejection.class);

  static {
    KINDS.forEach((r, kind) -> ANSWERS.put(r, ErrorRenderer.raw(ErrorRenderer.of(kind, null))));
  }

  private final ProxyMetrics metrics;
  private volatile Timeouts timeouts;

  ConnectionGuardSettings(ServerConfig server, ProxyMetrics metrics) {
    this.metrics = metrics;
    use(server);
  }

  void use(ServerConfig server) {
    timeouts = new Timeouts(server.clientHeaderTimeoutMs() * 1_000_000, server.keepaliveTimeoutMs() * 1_000_000);
  }

  @Override
  public Timeouts timeouts() {
    return timeouts;
  }

  @Override
  public byte[] answer(Rejection r) {
    return ANSWERS.get(r);
  }

  @Override
  public void rejected(Rejection r) {
    if (metrics != null) {
      metrics.error(KINDS.get(r).label());
    }
  }
}
