package dev.ferrum.proxy.config;

/**
 * Internal endpoints ({@code debug:}). {@code authToken} null means the endpoints are open.
 */
public record DebugConfig(boolean exposeBackendHealth, boolean exposeMetrics, String authToken) {

  @Override
  public String toString() {
    // Never print the token itself.
    return "DebugConfig[exposeBackendHealth=" + exposeBackendHealth + ", exposeMetrics=" + exposeMetrics
        + ", authToken=" + (authToken == null ? "none" : "set") + "]";
  }
}
