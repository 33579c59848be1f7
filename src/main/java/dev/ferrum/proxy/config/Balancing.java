package dev.ferrum.proxy.config;

/** The per-route balancing strategy named by {@code routes[].balancing}. */
public enum Balancing {
  ROUND_ROBIN("round_robin"),
  FIRST_HEALTHY("first_healthy");

  private final String yamlName;

  Balancing(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  static Balancing fromYaml(String name) {
    for (Balancing b : values()) {
      if (b.yamlName.equals(name)) {
        return b;
      }
    }
    return null;
  }
}
