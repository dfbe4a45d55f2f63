package io.workerpool.client;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClientConfig;
import io.workerpool.core.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the options of a {@link WorkerPoolClient.Builder} into the {@link Settings} that core's
 * {@link KafkaClients} reads, so the client connects exactly like the roles and the command
 * line: a property {@code p.q} becomes the setting {@code KAFKA_P_Q}.
 */
final class ClientSettings {

  private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

  /**
   * Kafka's default {@code request.timeout.ms}; more would break the producer's rule that
   * {@code delivery.timeout.ms} (120 s) covers at least one request.
   */
  private static final long MAX_REQUEST_TIMEOUT_MS = 30_000;

  private ClientSettings() {}

  /**
   * Returns the settings. A property given in {@code kafkaProperties} wins over the same one in
   * the file, and {@code bootstrapServers} wins over both. The timeouts derived from
   * {@code kafkaTimeout} apply unless the properties or the file set them.
   *
   * @throws IllegalArgumentException naming a property whose name is not a Kafka client
   *     property name (lower-case words separated by dots)
   */
  static Settings of(String bootstrapServers, Map<String, String> kafkaProperties,
      Path kafkaConfigFile, String topicPrefix, Duration kafkaTimeout) {
    Map<String, String> values = new HashMap<>();
    if (kafkaConfigFile != null) {
      values.put(KafkaClientConfig.CONFIG_FILE, kafkaConfigFile.toString());
    }
    kafkaProperties.forEach((name, value) -> {
      if (value == null) {
        throw new IllegalArgumentException("missing value of Kafka client property '" + name
            + "': give a value or leave the property out");
      }
      values.put(settingName(name), value);
    });
    values.put(KafkaClients.BOOTSTRAP_SERVERS, bootstrapServers);
    values.put("WORKERPOOL_TOPIC_PREFIX", topicPrefix);

    Map<String, String> configured = KafkaClientConfig.from(Settings.of(values)).properties();
    timeouts(kafkaTimeout).forEach((property, value) -> {
      if (!configured.containsKey(property)) {
        values.put(settingName(property), value);
      }
    });
    return Settings.of(values);
  }

  /**
   * Returns Kafka client timeouts that make a blocked request fail after {@code kafkaTimeout}:
   * fetching metadata, a consumer's position lookup and a producer's send.
   */
  private static Map<String, String> timeouts(Duration kafkaTimeout) {
    long millis = kafkaTimeout.toMillis();
    return Map.of(
        "max.block.ms", Long.toString(millis),
        "default.api.timeout.ms", Long.toString(millis),
        "request.timeout.ms", Long.toString(Math.min(MAX_REQUEST_TIMEOUT_MS,
            Math.max(1, millis * 2 / 3))));
  }

  private static String settingName(String property) {
    if (property == null || !PROPERTY_NAME.matcher(property).matches()) {
      throw new IllegalArgumentException("invalid Kafka client property name '" + property
          + "': use Kafka's own name, such as 'security.protocol', or put the property in a "
          + "Kafka client properties file");
    }
    return "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
