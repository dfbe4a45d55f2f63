package io.workerpool.core.kafka;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka client properties of one process, such as {@code bootstrap.servers},
 * {@code security.protocol} or {@code sasl.jaas.config}. They come from two sources:
 *
 * <ol>
 *   <li>the standard Kafka client properties file named by {@value #CONFIG_FILE}, with Kafka's
 *       own property names;
 *   <li>every setting named {@code KAFKA_} followed by a property in upper case with dots as
 *       underscores, which wins over the file: {@code KAFKA_SECURITY_PROTOCOL} sets
 *       {@code security.protocol}.
 * </ol>
 *
 * <p>{@link #toString()} and {@link #summary()} redact secrets, see {@link SecretProperties}.
 */
public final class KafkaClientConfig {

  /** The setting that names a Kafka client properties file. */
  public static final String CONFIG_FILE = "KAFKA_CLIENT_CONFIG_FILE";

  private static final String PREFIX = "KAFKA_";

  private final Map<String, String> properties;

  private KafkaClientConfig(Map<String, String> properties) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** Reads the client properties from the file {@value #CONFIG_FILE} names and the settings. */
  public static KafkaClientConfig from(Settings settings) {
    Map<String, String> properties = new TreeMap<>();
    settings.optional(CONFIG_FILE).ifPresent(file -> properties.putAll(readFile(Path.of(file))));
    settings.asMap().forEach((name, value) -> {
      if (name.startsWith(PREFIX) && !name.equals(CONFIG_FILE) && value != null
          && !value.isBlank()) {
        properties.put(propertyName(name), value.trim());
      }
    });
    return new KafkaClientConfig(properties);
  }

  /** Returns the client property that a {@code KAFKA_} setting sets. */
  static String propertyName(String setting) {
    return setting.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Returns every property, secrets included, sorted by name. */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Returns the properties as one line, {@code name=value} separated by commas, with the value
   * of every secret replaced by {@value SecretProperties#REDACTED}.
   */
  public String summary() {
    return SecretProperties.redactedLine(properties);
  }

  @Override
  public String toString() {
    return "KafkaClientConfig{" + summary() + "}";
  }

  private static Map<String, String> readFile(Path file) {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      loaded.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read the Kafka client properties file '" + file
          + "' (" + e.getClass().getSimpleName() + "): fix the path given by --kafka-config or "
          + CONFIG_FILE, e);
    } catch (IllegalArgumentException e) {
      // Properties.load rejects a malformed unicode escape this way.
      throw new ConfigException("invalid Kafka client properties file '" + file + "': "
          + e.getMessage() + " Write a backslash as \\\\ in a value.", e);
    }
    Map<String, String> result = new TreeMap<>();
    for (String name : loaded.stringPropertyNames()) {
      String value = loaded.getProperty(name).trim();
      if (!value.isEmpty()) {
        result.put(name.trim(), value);
      }
    }
    return result;
  }
}
