package io.workerpool.cli;

import io.workerpool.core.kafka.KafkaClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --kafka-config} option: a standard Kafka client properties file. */
final class KafkaConfigOption {

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties file, such as security.protocol=SASL_SSL and "
          + "sasl.jaas.config (default: KAFKA_CLIENT_CONFIG_FILE). KAFKA_* environment "
          + "variables win over it.")
  Path file;

  /** Sets {@code KAFKA_CLIENT_CONFIG_FILE} in {@code settings} when the option is given. */
  void applyTo(Map<String, String> settings) {
    if (file == null) {
      return;
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("invalid value '" + file + "' for --kafka-config: "
          + "the file does not exist or is not readable; give the path of a Kafka client "
          + "properties file");
    }
    settings.put(KafkaClientConfig.CONFIG_FILE, file.toString());
  }
}
