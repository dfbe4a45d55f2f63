package io.workerpool.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A process's settings, read from environment variables and, when the variable
 * {@value #CONFIG_FILE} names one, a properties file that uses the same names. An environment
 * variable wins over the file. Every accessor validates its value and throws
 * {@link ConfigException} naming the setting, the value and what is allowed.
 */
public final class Settings {

  /** The environment variable that names an optional properties file. */
  public static final String CONFIG_FILE = "WORKERPOOL_CONFIG_FILE";

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Reads the process environment and the file it names, if any. */
  public static Settings fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given variables and the file that {@value #CONFIG_FILE} among them names. */
  public static Settings from(Map<String, String> environment) {
    Map<String, String> merged = new TreeMap<>();
    String file = environment.get(CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    // An empty variable counts as unset, so it does not hide the file's value.
    environment.forEach((name, value) -> {
      if (value != null && !value.isBlank()) {
        merged.put(name, value);
      }
    });
    return new Settings(merged);
  }

  /** Returns settings holding exactly these values, for tests and embedding. */
  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /** Returns every setting, environment variables included. */
  public Map<String, String> asMap() {
    return values;
  }

  public Optional<String> optional(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  public int positiveInt(String name, int defaultValue) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Falls through to the common error below.
    }
    throw invalid(name, text.get(), "a whole number from 1 to " + Integer.MAX_VALUE
        + ", for example " + defaultValue);
  }

  public Duration duration(String name, Duration defaultValue) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      return Durations.parse(text.get());
    } catch (IllegalArgumentException e) {
      throw invalid(name, text.get(), "a duration such as 30s, 250ms or 5m");
    }
  }

  /** Reads a comma-separated list of whole numbers, empty when the setting is absent. */
  public Set<Integer> intSet(String name) {
    Optional<String> text = optional(name);
    Set<Integer> result = new LinkedHashSet<>();
    if (text.isEmpty()) {
      return result;
    }
    for (String part : text.get().split(",")) {
      try {
        result.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw invalid(name, text.get(), "comma-separated whole numbers, for example 17,23977");
      }
    }
    return result;
  }

  private static ConfigException invalid(String name, String value, String allowed) {
    return new ConfigException(
        "invalid value '" + value + "' for " + name + ": expected " + allowed);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read the settings file '" + file + "' named by "
          + CONFIG_FILE + " (" + e.getClass().getSimpleName() + "): fix the path or unset "
          + CONFIG_FILE, e);
    }
    Map<String, String> result = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
    return result;
  }
}
