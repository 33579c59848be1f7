package dev.ferrum.proxy.health;

/** How one exchange with a backend ended, as a proxy instance saw it. */
public enum OutcomeKind {
  SUCCESS("success"),
  /**
   * The exchange ended in a way that says nothing about the backend (the client hung up while it
   * waited): no verdict, so a trial request that ends this way only frees its probe slot.
   */
  NO_VERDICT("no_verdict"),
  /** Refused, unreachable, or no connection within the connect timeout: nothing was sent. */
  CONNECT_FAILURE("connect_failure"),
  /** No response head within the response timeout, or the body stalled past the read timeout. */
  TIMEOUT("timeout"),
  /** The connection was closed or reset mid-exchange. */
  RESET("reset"),
  /** The backend answered, with a status the route counts as a failure. */
  FAILURE_STATUS("failure_status"),
  /** The backend sent something that is not valid HTTP, or a body larger than allowed. */
  INVALID_RESPONSE("invalid_response"),
  /** An active health check failed. */
  CHECK_FAILED("check_failed");

  private final String label;

  OutcomeKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean failure() {
    return this != SUCCESS && this != NO_VERDICT;
  }
}
