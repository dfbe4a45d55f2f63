package io.workerpool.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node of an {@link EmbeddedKafkaCluster} in its own JVM, so that a fatal error of the
 * node, which makes Kafka halt the JVM, ends only this process. Arguments are {@code NAME=VALUE}
 * pairs: {@code node.id}, {@code port}, {@code controller.port}, {@code voters},
 * {@code cluster.id}, {@code data.dir}, {@code startup.timeout.ms}, and
 * {@code broker.PROPERTY} for each extra broker property.
 *
 * <p>Prints {@value #READY_PREFIX} and the bootstrap address on stdout once the node responds to
 * requests, and shuts the node down gracefully on SIGTERM.
 */
public final class ClusterNodeMain {

  /** Start of the stdout line that signals to the parent that the node responds to requests. */
  static final String READY_PREFIX = "workerpool-cluster-node-ready ";

  private static final String BROKER_PROPERTY_PREFIX = "broker.";

  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> arguments = parse(args);
    QuorumMembership membership = new QuorumMembership(
        Integer.parseInt(required(arguments, "node.id")),
        Integer.parseInt(required(arguments, "controller.port")),
        required(arguments, "voters"),
        required(arguments, "cluster.id"));
    BrokerSettings.Builder settings = BrokerSettings.builder()
        .port(Integer.parseInt(required(arguments, "port")))
        .dataDirectory(Path.of(required(arguments, "data.dir")))
        .startupTimeout(Duration.ofMillis(Long.parseLong(required(arguments, "startup.timeout.ms"))));
    arguments.forEach((name, value) -> {
      if (name.startsWith(BROKER_PROPERTY_PREFIX)) {
        settings.brokerProperty(name.substring(BROKER_PROPERTY_PREFIX.length()), value);
      }
    });

    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.build(), membership);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "cluster-node-shutdown"));
    broker.start();
    System.out.println(READY_PREFIX + broker.bootstrapServers());
    System.out.flush();
    stopped.await();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> arguments = new HashMap<>();
    for (String argument : args) {
      int separator = argument.indexOf('=');
      if (separator < 1) {
        throw new IllegalArgumentException("invalid argument '" + argument
            + "': expected NAME=VALUE");
      }
      arguments.put(argument.substring(0, separator), argument.substring(separator + 1));
    }
    return arguments;
  }

  private static String required(Map<String, String> arguments, String name) {
    String value = arguments.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + name + "=VALUE");
    }
    return value;
  }
}
