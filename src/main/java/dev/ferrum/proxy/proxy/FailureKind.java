package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.retry.AttemptEnding;

/**
 * Why a request did not get a normal upstream response: one value per distinct cause, each with
 * the status the client sees (0 when the connection is cut instead), the {@code kind} label used
 * in logs and metrics, and what the health checker is told about the backend (null: the backend
 * is not to blame, so it gets no verdict).
 */
public enum FailureKind {
  BAD_REQUEST_PATH(400, "bad_request_path", null),
  BAD_REQUEST(400, "bad_request", null),
  /** A header line starting with a space or tab (RFC 9112 §5.2), refused below the codec. */
  OBS_FOLD(400, "obs_fold", null),
  /** Broken chunked framing, refused below the codec. */
  BAD_BODY_FRAMING(400, "bad_request_body_framing", null),
  NO_ROUTE(404, "no_route", null),
  CLIENT_BODY_TIMEOUT(408, "client_body_timeout", null),
  CLIENT_HEADER_TIMEOUT(408, "client_header_timeout", null),
  REQUEST_TOO_LARGE(413, "request_body_too_large", null),
  REQUEST_LINE_TOO_LONG(414, "request_line_too_long", null),
  /** Too many header fields, or a header block over {@code max_header_bytes}. */
  HEADERS_TOO_LARGE(431, "request_header_fields_too_large", null),
  NO_HEALTHY_BACKEND(503, "no_healthy_backends", null),
  CONNECT_REFUSED(502, "upstream_connection_refused", OutcomeKind.CONNECT_FAILURE),
  CONNECT_FAILED(502, "upstream_connect_failed", OutcomeKind.CONNECT_FAILURE),
  CONNECT_TIMEOUT(502, "upstream_connect_timeout", OutcomeKind.CONNECT_FAILURE),
  RESPONSE_TIMEOUT(504, "upstream_response_timeout", OutcomeKind.TIMEOUT),
  /** The route's {@code deadline_ms} ran out while an attempt was waiting for the backend. */
  DEADLINE_EXCEEDED(504, "route_deadline_exceeded", OutcomeKind.TIMEOUT),
  UPSTREAM_RESET(502, "upstream_reset", OutcomeKind.RESET),
  INVALID_RESPONSE(502, "invalid_upstream_response", OutcomeKind.INVALID_RESPONSE),
  RESPONSE_TOO_LARGE(502, "response_body_too_large", OutcomeKind.INVALID_RESPONSE),
  /** Mid-stream: the response head is out, so the client connection is cut. */
  RESPONSE_BODY_TOO_LARGE(0, "response_body_too_large", OutcomeKind.INVALID_RESPONSE),
  READ_TIMEOUT(0, "upstream_response_body_timeout", OutcomeKind.TIMEOUT),
  UPSTREAM_BODY_FAILED(0, "upstream_response_body_read_failed", OutcomeKind.RESET),
  CLIENT_DISCONNECTED(0, "client_disconnected", null),
  /** The client read nothing of the response for {@code server.client_send_timeout_ms}. */
  CLIENT_SEND_TIMEOUT(0, "client_send_timeout", null),
  SHUTDOWN_CUT(0, "shutdown_deadline", null),
  /** A defect of ours: an interceptor failed in a way nothing classified. */
  INTERNAL(500, "internal_error", null);

  private final int status;
  private final String label;
  private final OutcomeKind outcome;

  FailureKind(int status, String label, OutcomeKind outcome) {
    this.status = status;
    this.label = label;
    this.outcome = outcome;
  }

  /** The status the client gets, or 0 when its connection is cut. */
  public int status() {
    return status;
  }

  public String label() {
    return label;
  }

  /** What the health checker hears about the backend; null when the backend is not to blame. */
  public OutcomeKind outcome() {
    return outcome;
  }

  /** Nothing reached the backend: safe to retry whatever the method. */
  public boolean beforeRequestSent() {
    return this == CONNECT_REFUSED || this == CONNECT_FAILED || this == CONNECT_TIMEOUT;
  }

  /** A wait that ran out while an attempt was waiting for the backend. */
  public boolean waitedTooLong() {
    return this == CONNECT_TIMEOUT || this == RESPONSE_TIMEOUT;
  }

  /** How an attempt that failed this way ended, for the retry policy. */
  public AttemptEnding ending() {
    if (beforeRequestSent()) {
      return AttemptEnding.NOT_SENT;
    }
    return this == UPSTREAM_RESET || this == RESPONSE_TIMEOUT || this == INVALID_RESPONSE
        ? AttemptEnding.NO_RESPONSE : AttemptEnding.FINAL;
  }
}
