package io.workerpool.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap-server} and {@code --kafka-config} options of the commands that talk to
 * a running pool.
 */
final class ClusterOption {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka broker to connect to (default: KAFKA_BOOTSTRAP_SERVERS, "
          + "else 127.0.0.1:9092).")
  String bootstrapServer;

  @Mixin
  KafkaConfigOption kafkaConfig;
}
