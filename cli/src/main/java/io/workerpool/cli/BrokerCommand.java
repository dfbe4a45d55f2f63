package io.workerpool.cli;

import io.workerpool.broker.BrokerSettings;
import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.core.runtime.ServiceRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a single-node Kafka broker in the foreground until the process is stopped. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a single-node Apache Kafka broker (KRaft) on 127.0.0.1 in the foreground. "
        + "Prints its bootstrap address on stdout; stop it with Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092",
      description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir",
      description = "Directory for the broker's logs, kept across runs (default: a temporary "
          + "directory deleted at exit).")
  Path dataDirectory;

  @Override
  public Integer call() throws InterruptedException {
    BrokerSettings.Builder settings = BrokerSettings.builder().port(port);
    if (dataDirectory != null) {
      settings.dataDirectory(dataDirectory);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.build());
    CountDownLatch stopped = new CountDownLatch(1);
    ServiceRunner.onStop(() -> {
      broker.close();
      stopped.countDown();
    });
    broker.start();
    System.out.println(broker.bootstrapServers());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
