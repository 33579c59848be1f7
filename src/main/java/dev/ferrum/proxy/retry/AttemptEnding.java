package dev.ferrum.proxy.retry;

/** How an attempt ended, in the only terms that matter for repeating it. */
public enum AttemptEnding {
  /** Nothing reached the backend (no connection): safe to repeat whatever the method. */
  NOT_SENT,
  /** The request may have reached the backend, but no response came (reset, timeout, garbage). */
  NO_RESPONSE,
  /** The backend answered with a status the route retries on. */
  RETRYABLE_STATUS,
  /** Anything else: the client broke the request, or the answer is final. */
  FINAL
}
