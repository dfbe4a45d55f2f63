package io.workerpool.cli;

import io.workerpool.core.config.Settings;
import io.workerpool.producer.ProducerMain;
import io.workerpool.reducer.ReducerMain;
import io.workerpool.worker.WorkerMain;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Commands that run one role process, configured from the environment. */
final class RoleCommand {

  private RoleCommand() {}

  /** Returns the environment's settings with {@code --kafka-config} applied. */
  private static Settings settings(KafkaConfigOption kafkaConfig) {
    Map<String, String> values = new HashMap<>(Settings.fromEnvironment().asMap());
    kafkaConfig.applyTo(values);
    return Settings.of(values);
  }

  @Command(name = "producer", mixinStandardHelpOptions = true,
      description = "Run a producer: list each submitted job's tasks. Settings come from "
          + "environment variables such as KAFKA_BOOTSTRAP_SERVERS (see README).")
  static final class Producer implements Callable<Integer> {
    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() {
      return ProducerMain.run(settings(kafkaConfig));
    }
  }

  @Command(name = "worker", mixinStandardHelpOptions = true,
      description = "Run a worker: process tasks and send their results. Settings come from "
          + "environment variables such as KAFKA_BOOTSTRAP_SERVERS and WORKER_CONCURRENCY.")
  static final class Worker implements Callable<Integer> {
    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() {
      return WorkerMain.run(settings(kafkaConfig));
    }
  }

  @Command(name = "reducer", mixinStandardHelpOptions = true,
      description = "Run a reducer: combine results and publish each job's outcome. Settings "
          + "come from environment variables such as KAFKA_BOOTSTRAP_SERVERS.")
  static final class Reducer implements Callable<Integer> {
    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() {
      return ReducerMain.run(settings(kafkaConfig));
    }
  }
}
