package dev.ferrum.proxy.proxy;

/** A classified failure travelling through the interceptor chain's futures; no stack trace. */
public final class UpstreamFailure extends RuntimeException {

  private final FailureKind kind;

  public UpstreamFailure(FailureKind kind, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
  }

  public FailureKind kind() {
    return kind;
  }
}
