package dev.ferrum.proxy.config;

import java.util.List;

/** A configuration that cannot be used; {@link #errors()} names every problem found, one per line. */
public final class ConfigException extends Exception {

  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(errors.size() == 1 ? errors.get(0) : errors.size() + " errors: " + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public ConfigException(String error) {
    this(List.of(error));
  }

  public List<String> errors() {
    return errors;
  }
}
