package dev.ferrum.proxy.config;

/**
 * Body sizes enforced as bytes flow ({@code upstream:}, overridable per route).
 *
 * @param maxRequestBodyBytes over it the client gets 413
 * @param maxResponseBodyBytes over it the client gets 502, or the connection is cut mid-stream
 */
public record BodyLimits(long maxRequestBodyBytes, long maxResponseBodyBytes) {

  public static final BodyLimits DEFAULT = new BodyLimits(16L * 1024 * 1024, 64L * 1024 * 1024);

  public BodyLimits {
    Bounds.BYTES.check("max_request_body_bytes", maxRequestBodyBytes);
    Bounds.BYTES.check("max_response_body_bytes", maxResponseBodyBytes);
  }
}
