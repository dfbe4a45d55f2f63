package io.workerpool.cli;

import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.core.config.ConfigException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code workerpool} command: one entry point for every process of the pool. */
@Command(
    name = "workerpool",
    mixinStandardHelpOptions = true,
    version = "workerpool 0.1.0",
    description = "A distributed errgroup on Apache Kafka: producer, workers and reducer.",
    subcommands = {
      LocalCommand.class,
      BrokerCommand.class,
      RoleCommand.Producer.class,
      RoleCommand.Worker.class,
      RoleCommand.Reducer.class,
      ProfileServiceCommand.class,
      SetupTopicsCommand.class,
      SubmitCommand.class,
      CancelCommand.class,
      StatusCommand.class,
      AclsCommand.class
    })
public final class WorkerpoolCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line with this project's converters registered. */
  static CommandLine commandLine() {
    return new CommandLine(new WorkerpoolCommand())
        .registerConverter(java.time.Duration.class, new DurationConverter())
        .setExecutionExceptionHandler(WorkerpoolCommand::report)
        .setParameterExceptionHandler(WorkerpoolCommand::reportUsage);
  }

  /**
   * Prints an invalid option's error in one line and points at the command's help, instead of
   * the whole usage text.
   */
  private static int reportUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println("workerpool: " + e.getMessage() + " (run '"
        + command.getCommandSpec().qualifiedName() + " --help' for the options)");
    return ExitStatus.USAGE;
  }

  /** Prints a failed command's reason in one line; a stack trace helps only for a bug. */
  private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
      command.getErr().println("workerpool: " + e.getMessage());
      return ExitStatus.USAGE;
    }
    if (e instanceof KafkaAccessDeniedException) {
      command.getErr().println("workerpool: " + e.getMessage());
      return ExitStatus.ACCESS_DENIED;
    }
    if (e instanceof KafkaException) {
      // The clients throw this when their properties are unusable, such as SASL without JAAS.
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      command.getErr().println("workerpool: " + e.getMessage()
          + (root == e ? "" : ": " + root.getMessage())
          + "; check the Kafka client properties (--kafka-config, KAFKA_CLIENT_CONFIG_FILE "
          + "or KAFKA_* variables)");
      return ExitStatus.USAGE;
    }
    if (e instanceof KafkaUnavailableException) {
      command.getErr().println("workerpool: " + e.getMessage()
          + "; check --bootstrap-server or KAFKA_BOOTSTRAP_SERVERS");
      return ExitStatus.KAFKA_UNAVAILABLE;
    }
    if (e instanceof IllegalStateException) {
      command.getErr().println("workerpool: " + e.getMessage());
      return 1;
    }
    e.printStackTrace(command.getErr());
    return 1;
  }
}
