package dev.ferrum.proxy.upstream;

/** Why a guarded body stream stopped. */
public enum BodyFailure {
  /** More bytes than the limit allows. */
  TOO_LARGE,
  /** No bytes from the sender for longer than its idle timeout. */
  IDLE_TIMEOUT,
  /** The receiver took nothing for longer than the send timeout. */
  SEND_TIMEOUT,
  /** The sender's stream failed (closed or reset mid-body). */
  SOURCE_FAILED
}
