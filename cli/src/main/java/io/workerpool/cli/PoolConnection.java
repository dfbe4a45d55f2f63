package io.workerpool.cli;

import io.workerpool.core.client.JobClient;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ProcessIdentity;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds a job client from the environment and a bootstrap address given on the command line. */
final class PoolConnection {

  private PoolConnection() {}

  /** Returns the environment's settings with {@code bootstrapServers} set when it is not null. */
  static Settings settings(String bootstrapServers) {
    Map<String, String> values = new HashMap<>(Settings.fromEnvironment().asMap());
    if (bootstrapServers != null) {
      values.put(KafkaClients.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    // A command line reports an unreachable cluster after 15 s instead of Kafka's 60 s.
    values.putIfAbsent("KAFKA_MAX_BLOCK_MS", "15000");
    values.putIfAbsent("KAFKA_REQUEST_TIMEOUT_MS", "10000");
    values.putIfAbsent("KAFKA_DEFAULT_API_TIMEOUT_MS", "15000");
    return Settings.of(values);
  }

  static JobClient client(Settings settings) {
    String origin = ProcessIdentity.of("client");
    return new JobClient(new KafkaClients(settings, origin), PoolSettings.from(settings).topics(),
        Clock.systemUTC(), origin);
  }
}
