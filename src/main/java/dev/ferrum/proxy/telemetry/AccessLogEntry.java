package dev.ferrum.proxy.telemetry;

/** What the access log reads from a finished request; implemented by the request's own state. */
public interface AccessLogEntry {
  long startEpochMillis();
  String requestId();
  String clientAddress();
  String method();
  String path();
  int queryLength();
  String routeLabel();
  String backendKey();
  int status();
  long requestBytes();
  long responseBytes();
  long durationMicros();
  int attempts();
  String errorKind();

  /** The verified client certificate's subject (RFC 2253), null when the client presented none. */
  default String tlsClientSubject() {
    return null;
  }
}
