package dev.affinity.config;

/** A setting is missing or invalid; the message names the setting and what is expected. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
