package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.telemetry.AccessLogEntry;

/**
 * How one exchange ended, fixed at its end: the one record metrics and the access line are read
 * from.
 *
 * @param status the status sent, 0 when the connection was cut before the response ended
 * @param errorKind the failure label, null when none
 */
record CompletedExchange(
    long startEpochMillis,
    String requestId,
    String clientAddress,
    String method,
    String path,
    int queryLength,
    String routeLabel,
    String backendKey,
    int status,
    long requestBytes,
    long responseBytes,
    long durationMicros,
    int attempts,
    String errorKind) implements AccessLogEntry {
}
