package dev.ferrum.proxy.proxy;

/**
 * An answer the proxy gives of its own: why (the failure kind, which fixes status, metrics label
 * and whether the connection closes) and the words of the body. Made only by
 * {@link ErrorRenderer}, the one class that holds those words.
 */
record ErrorAnswer(FailureKind kind, String text) {

  /** The status on the wire: a kind that would cut the connection still answers 502 when it can. */
  int status() {
    return kind.status() == 0 ? 502 : kind.status();
  }
}
