package io.workerpool.core.kafka;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Decides which Kafka client properties hold secrets, so that logs and summaries show them
 * redacted. A property is secret when the Kafka clients declare it of type
 * {@link ConfigDef.Type#PASSWORD} (for example {@code ssl.key.password},
 * {@code sasl.jaas.config}, {@code ssl.keystore.key}), or when its name contains
 * {@code password}, {@code secret}, {@code jaas}, {@code credential}, {@code token},
 * {@code auth.user.info}, {@code apikey} or {@code api.key}, or ends with {@code .key}. The name rules also cover properties of plug-ins the clients do not know.
 */
public final class SecretProperties {

  /** The text that replaces a secret value. */
  public static final String REDACTED = "[redacted]";

  private static final Set<String> PASSWORD_PROPERTIES = passwordProperties();
  private static final String[] SECRET_NAME_PARTS =
      {"password", "secret", "jaas", "credential", "token", "auth.user.info", "apikey",
          "api.key"};

  private SecretProperties() {}

  /** Returns true when the value of {@code property} must never be logged. */
  public static boolean isSecret(String property) {
    String name = property.toLowerCase(Locale.ROOT);
    if (PASSWORD_PROPERTIES.contains(name) || name.endsWith(".key")) {
      return true;
    }
    for (String part : SECRET_NAME_PARTS) {
      if (name.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code value}, or {@value #REDACTED} when {@code property} is secret. */
  public static String redact(String property, String value) {
    return isSecret(property) ? REDACTED : value;
  }

  /**
   * Returns the properties as one line, {@code name=value} separated by commas in the map's
   * order, with the value of every secret replaced by {@value #REDACTED}.
   */
  public static String redactedLine(Map<String, String> properties) {
    StringBuilder line = new StringBuilder();
    properties.forEach((name, value) -> {
      if (line.length() > 0) {
        line.append(", ");
      }
      line.append(name).append('=').append(redact(name, value));
    });
    return line.toString();
  }

  private static Set<String> passwordProperties() {
    Set<String> names = new HashSet<>();
    for (ConfigDef definition : new ConfigDef[] {ProducerConfig.configDef(),
        ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
      definition.configKeys().forEach((name, key) -> {
        if (key.type() == ConfigDef.Type.PASSWORD) {
          names.add(name);
        }
      });
    }
    return Set.copyOf(names);
  }
}
