package dev.driftline.jobs.config;

/** A configuration or usage problem the user must fix: one line naming the key, column or path. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
