package io.workerpool.cli;

import io.workerpool.core.client.JobClient;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClientConfig;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ProcessIdentity;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds settings and a job client from the environment and the cluster options. */
final class PoolConnection {

  /** Client timeouts of a command line: it reports an unreachable cluster after 15 s, not 60 s. */
  private static final Map<String, String> COMMAND_TIMEOUTS = Map.of(
      "max.block.ms", "15000",
      "request.timeout.ms", "10000",
      "default.api.timeout.ms", "15000");

  private PoolConnection() {}

  /**
   * Returns the environment's settings with the options applied and the command-line timeouts
   * set where neither the environment nor the client properties file sets them.
   */
  static Settings settings(ClusterOption cluster) {
    Settings settings = settingsWithKafkaTimeouts(cluster);
    Map<String, String> values = new HashMap<>(settings.asMap());
    Map<String, String> client = KafkaClientConfig.from(settings).properties();
    COMMAND_TIMEOUTS.forEach((property, value) -> {
      if (!client.containsKey(property)) {
        values.put("KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_'),
            value);
      }
    });
    return Settings.of(values);
  }

  /**
   * Returns the environment's settings with {@code --bootstrap-server} and
   * {@code --kafka-config} applied, keeping Kafka's default timeouts.
   */
  static Settings settingsWithKafkaTimeouts(ClusterOption cluster) {
    Map<String, String> values = new HashMap<>(Settings.fromEnvironment().asMap());
    if (cluster.bootstrapServer != null) {
      values.put(KafkaClients.BOOTSTRAP_SERVERS, cluster.bootstrapServer);
    }
    cluster.kafkaConfig.applyTo(values);
    return Settings.of(values);
  }

  static JobClient client(Settings settings) {
    String origin = ProcessIdentity.of("client");
    return new JobClient(new KafkaClients(settings, origin), PoolSettings.from(settings).topics(),
        Clock.systemUTC(), origin);
  }

  /** Returns a factory of Kafka clients for the consumers that a {@link JobClient} lacks. */
  static KafkaClients clients(Settings settings) {
    return new KafkaClients(settings, ProcessIdentity.of("client"));
  }
}
