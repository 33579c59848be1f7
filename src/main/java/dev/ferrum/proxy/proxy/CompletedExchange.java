package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.telemetry.AccessLogEntry;
import io.vertx.core.http.HttpServerRequest;

/**
 * How one exchange ended, fixed at its end: the one record metrics and the access line are read
 * from. The request's own strings (client address, method, path, query) are read from the finished
 * request only when the access log asks for them: formatting a client address costs more than
 * the rest of this record, and with the access log off nobody reads it.
 *
 * @param request the client's request, finished: read only for its head
 * @param tlsClientSubject the verified client certificate's subject, null when none
 * @param status the status sent, 0 when the connection was cut before the response ended
 * @param errorKind the failure label, null when none
 */
record CompletedExchange(
    long startEpochMillis,
    String requestId,
    HttpServerRequest request,
    String tlsClientSubject,
    String routeLabel,
    String backendKey,
    int status,
    long requestBytes,
    long responseBytes,
    long durationMicros,
    int attempts,
    String errorKind) implements AccessLogEntry {

  @Override
  public String clientAddress() {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public int queryLength() {
    String query = request.query();
    return query == null ? 0 : query.length();
  }
}
