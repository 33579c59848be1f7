package dev.ferrum.proxy.health;

/** One passive observation: a request to {@code backend} (a backend key) ended as {@code kind}. */
public record Outcome(String backend, OutcomeKind kind, int status) {
}
