package dev.ferrum.proxy.config;

/** A validated configuration and its generation number (1 at startup, +1 per applied reload). */
public record ConfigUpdate(long generation, ProxyConfig config) {

  /** Published by the launcher whenever a changed file validated: every verticle swaps to it. */
  public static final String ADDRESS = "ferrum.config.update";
}
