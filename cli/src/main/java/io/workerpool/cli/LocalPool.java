package io.workerpool.cli;

import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole pool on this machine: an embedded broker in this JVM and a {@link RolePool} of child
 * processes. Closing it stops the children, then the broker.
 */
final class LocalPool implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final RolePool roles;

  private LocalPool(EmbeddedKafkaBroker broker, RolePool roles) {
    this.broker = broker;
    this.roles = roles;
  }

  static LocalPool start(int workers, Map<String, String> roleEnvironment, PrintStream log)
      throws IOException, InterruptedException {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();
    broker.start();
    try {
      Map<String, String> environment = new HashMap<>(roleEnvironment);
      environment.put(KafkaClients.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      return new LocalPool(broker, RolePool.start(workers, environment, log));
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  Settings settings() {
    return roles.settings();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      roles.close();
    } finally {
      broker.close();
    }
  }
}
