package dev.ferrum.proxy.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/** Reads {@code server:}. */
final class ServerReader {

  private ServerReader() {
  }

  /** Null when the section is missing or has errors (they are reported). */
  static ServerConfig read(ConfigNode n, Predicate<String> hostResolves) {
    if (n == null) {
      return null;
    }
    ListenerConfig listener = listener(n, hostResolves);
    ClientTimeouts d = ClientTimeouts.DEFAULT;
    long header = n.millis("client_header_timeout_ms", d.headerMs(), false);
    long body = n.millis("client_body_timeout_ms", d.bodyMs(), false);
    long keepalive = n.millis("keepalive_timeout_ms", d.keepaliveMs(), false);
    long send = n.millis("client_send_timeout_ms", d.sendMs(), false);
    ClientTimeouts timeouts = n.build(() -> ClientTimeouts.builder().headerMs(header).bodyMs(body).keepaliveMs(keepalive)
        .sendMs(send).build());
    LifecycleConfig l = LifecycleConfig.DEFAULT;
    long grace = n.millis("graceful_shutdown_timeout_ms", l.gracefulShutdownTimeoutMs(), false);
    boolean failOnDeadPool = n.bool("fail_on_startup_dead_pool", l.failOnStartupDeadPool());
    long scan = n.integer("config_scan_period_ms", l.configScanPeriodMs(), LifecycleConfig.SCAN_PERIOD, false);
    LifecycleConfig lifecycle = n.build(() -> new LifecycleConfig(grace, failOnDeadPool, scan));
    int headerCount = (int) n.integer("max_header_count", ServerConfig.DEFAULT_MAX_HEADER_COUNT,
        ServerConfig.HEADER_COUNT, false);
    boolean trustForwarded = n.bool("trust_forwarded_headers", false);
    n.finish();
    if (listener == null || timeouts == null || lifecycle == null) {
      return null;
    }
    return n.build(() -> new ServerConfig(listener, timeouts, headerCount, trustForwarded, lifecycle));
  }

  private static ListenerConfig listener(ConfigNode n, Predicate<String> hostResolves) {
    int port = (int) n.integer("port", 0, ListenerConfig.PORT, true);
    String host = n.string("host", "", true).trim();
    // A blank host is the record's to refuse; only a real name is worth a lookup.
    if (!host.isEmpty() && !hostResolves.test(host)) {
      n.error("host", ConfigValues.quote(host) + " does not resolve to an address on this machine's resolver");
    }
    int instances = (int) n.integer("instances", ListenerConfig.defaultInstances(), ListenerConfig.INSTANCES, false);
    int headerBytes = (int) n.integer("max_header_bytes", ListenerConfig.DEFAULT_MAX_HEADER_BYTES,
        ListenerConfig.HEADER_BYTES, false);
    int lineBytes = (int) n.integer("max_request_line_bytes", ListenerConfig.DEFAULT_MAX_REQUEST_LINE_BYTES,
        ListenerConfig.REQUEST_LINE_BYTES, false);
    ConfigNode tlsNode = n.section("tls", false);
    java.util.OptionalLong redirect = n.optionalInteger("redirect_http_port", ListenerConfig.PORT, false);
    if (redirect.isPresent() && tlsNode == null) {
      n.error("redirect_http_port", redirect.getAsLong() + " (expected: only with a server.tls section)");
      return null;
    }
    if (redirect.isPresent() && redirect.getAsLong() == port) {
      n.error("redirect_http_port", redirect.getAsLong() + " (expected: another port than server.port)");
      return null;
    }
    java.util.OptionalInt redirectPort = redirect.isPresent() ? java.util.OptionalInt.of((int) redirect.getAsLong())
        : java.util.OptionalInt.empty();
    ServerTlsConfig tls = tlsNode == null ? null : ServerTlsReader.read(tlsNode, redirectPort);
    if (tlsNode != null && tls == null) {
      return null;
    }
    return n.build(() -> new ListenerConfig(stripBrackets(host), port, instances, headerBytes, lineBytes,
        java.util.Optional.ofNullable(tls)));
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static boolean resolves(String host) {
    try {
      InetAddress.getByName(stripBrackets(host));
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
