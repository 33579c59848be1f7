package dev.ferrum.proxy.upstream;

/** Ends a guarded body stream: the pipe it feeds fails with this. No stack trace. */
public final class BodyException extends RuntimeException {

  private final BodyFailure failure;

  public BodyException(BodyFailure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  public BodyFailure failure() {
    return failure;
  }
}
