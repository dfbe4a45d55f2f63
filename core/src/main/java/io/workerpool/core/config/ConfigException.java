package io.workerpool.core.config;

/** Thrown at start when a setting is missing or invalid; the message names it and the fix. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
