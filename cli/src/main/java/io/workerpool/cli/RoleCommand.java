package io.workerpool.cli;

import io.workerpool.core.config.Settings;
import io.workerpool.producer.ProducerMain;
import io.workerpool.reducer.ReducerMain;
import io.workerpool.worker.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Commands that run one role process, configured from the environment. */
final class RoleCommand {

  private RoleCommand() {}

  @Command(name = "producer", mixinStandardHelpOptions = true,
      description = "Run a producer: list each submitted job's tasks. Settings come from "
          + "environment variables such as KAFKA_BOOTSTRAP_SERVERS (see README).")
  static final class Producer implements Callable<Integer> {
    @Override
    public Integer call() {
      return ProducerMain.run(Settings.fromEnvironment());
    }
  }

  @Command(name = "worker", mixinStandardHelpOptions = true,
      description = "Run a worker: process tasks and send their results. Settings come from "
          + "environment variables such as KAFKA_BOOTSTRAP_SERVERS and WORKER_CONCURRENCY.")
  static final class Worker implements Callable<Integer> {
    @Override
    public Integer call() {
      return WorkerMain.run(Settings.fromEnvironment());
    }
  }

  @Command(name = "reducer", mixinStandardHelpOptions = true,
      description = "Run a reducer: combine results and publish each job's outcome. Settings "
          + "come from environment variables such as KAFKA_BOOTSTRAP_SERVERS.")
  static final class Reducer implements Callable<Integer> {
    @Override
    public Integer call() {
      return ReducerMain.run(Settings.fromEnvironment());
    }
  }
}
