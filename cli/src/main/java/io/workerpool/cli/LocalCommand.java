package io.workerpool.cli;

import io.workerpool.core.client.JobClient;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.config.Durations;
import io.workerpool.protocol.JobIds;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs one job on a whole pool started on this machine, then stops the pool. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = "Start a Kafka broker, a producer, workers and a reducer on this machine, run "
        + "one job (a friends job unless --type names another), print its outcome as JSON on "
        + "stdout, and stop everything. Each queue named by --queue or --stage gets one worker "
        + "of its own. Logs go to stderr. Exit status: 0 SUCCEEDED, 1 FAILED, 2 invalid options, "
        + "3 CANCELLED, 4 TIMED_OUT, 5 no outcome in time.")
final class LocalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  JobOptions jobOptions;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
      description = "Worker processes to start (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
      description = "Tasks each worker runs at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--deadline", defaultValue = "60s", paramLabel = "DURATION",
      description = "Time the job may take before it ends TIMED_OUT (default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(names = "--fetch-latency", defaultValue = "0ms", paramLabel = "DURATION",
      description = "Simulated latency of each profile fetch (default: ${DEFAULT-VALUE}).")
  Duration fetchLatency;

  @Option(names = "--list-latency", defaultValue = "0ms", paramLabel = "DURATION",
      description = "Simulated latency of each page of 100 friend ids the producer lists "
          + "(default: ${DEFAULT-VALUE}).")
  Duration listLatency;

  @Option(names = "--fail-on", paramLabel = "ID", split = ",",
      description = "User ids whose profile fetch fails, to show cancellation; repeatable.")
  List<Integer> failOn = List.of();

  @Option(names = "--profile-service",
      description = "Fetch profiles over HTTP from a profile service started as one more "
          + "process, instead of from the dataset inside the workers. --fetch-latency and "
          + "--fail-on then apply to the service.")
  boolean profileService;

  @Override
  public Integer call() throws Exception {
    if (workers < 1) {
      throw new ParameterException(spec.commandLine(),
          "invalid value " + workers + " for option '--workers': expected 1 or more");
    }
    if (concurrency < 1) {
      throw new ParameterException(spec.commandLine(),
          "invalid value " + concurrency + " for option '--concurrency': expected 1 or more");
    }
    JobSubmission submission = jobOptions.submission();
    try {
      JobClient.requireValidDeadline(deadline);
      JobCheck.validate(JobHandlers.load(Settings.fromEnvironment()), submission);
    } catch (IllegalArgumentException | InvalidJobException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    System.err.println("Starting a local pool with " + workers + " workers...");
    try (LocalPool pool = LocalPool.start(workers, roleEnvironment(),
        profileService ? profileServiceEnvironment() : null, jobOptions.queues(), System.err);
        JobClient client = PoolConnection.client(pool.settings())) {
      return submission.submitAndPrint(client, JobIds.newJobId(), deadline, System.out,
          System.err);
    }
  }

  private Map<String, String> roleEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("WORKER_CONCURRENCY", String.valueOf(concurrency));
    environment.put("FRIENDS_LIST_PAGE_LATENCY", Durations.format(listLatency));
    if (!profileService) {
      environment.put("PROFILE_FETCH_LATENCY", Durations.format(fetchLatency));
      environment.put("PROFILE_FAIL_ON_IDS", failOnIds());
    }
    return environment;
  }

  private Map<String, String> profileServiceEnvironment() {
    return Map.of(
        "PROFILE_SERVICE_LATENCY", Durations.format(fetchLatency),
        "PROFILE_SERVICE_FAIL_ON_IDS", failOnIds());
  }

  private String failOnIds() {
    return failOn.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
