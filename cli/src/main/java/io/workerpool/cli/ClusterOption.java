package io.workerpool.cli;

import picocli.CommandLine.Option;

/** The {@code --bootstrap-server} option of the commands that talk to a running pool. */
final class ClusterOption {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka broker to connect to (default: KAFKA_BOOTSTRAP_SERVERS, "
          + "else 127.0.0.1:9092).")
  String bootstrapServer;
}
