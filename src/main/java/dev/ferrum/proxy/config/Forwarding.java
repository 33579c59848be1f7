package dev.ferrum.proxy.config;

/**
 * How a route rewrites the request it forwards.
 *
 * @param stripPrefix forward the path without the matched prefix
 * @param preserveHost send the client's Host upstream instead of the backend's authority
 */
public record Forwarding(boolean stripPrefix, boolean preserveHost) {

  public static final Forwarding DEFAULT = new Forwarding(false, false);
}
