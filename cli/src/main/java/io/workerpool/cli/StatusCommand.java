package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.MessageCodec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a job's latest progress record. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print a job's latest progress record as JSON on stdout: its state (LISTING, "
        + "RUNNING, then SUCCEEDED, FAILED, CANCELLED or TIMED_OUT), task counts and times. "
        + "Exit status: 0 found, 2 invalid options, 6 Kafka cluster unreachable, 7 access "
        + "denied, 8 no progress record of the job.")
final class StatusCommand implements Callable<Integer> {

  /** How long reading the job's partition up to its end may take. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOption cluster;

  @Parameters(paramLabel = "JOB_ID", description = "Id of the job.")
  String jobId;

  @Override
  public Integer call() {
    // A malformed id is a usage error, reported before any wait for the cluster.
    JobIds.requireValid(jobId);
    Settings settings = PoolConnection.settings(cluster);
    String topic = PoolSettings.from(settings).topics().progress();
    KafkaClients clients = PoolConnection.clients(settings);
    Optional<JobProgress> progress;
    try (KafkaConsumer<String, byte[]> consumer = clients.newConsumer("status", null)) {
      progress = new ProgressLookup(consumer, topic, clients.bootstrapServers(), READ_TIMEOUT)
          .latest(jobId);
    } catch (ProgressTopic.MissingTopicException e) {
      spec.commandLine().getErr().println("workerpool: no progress for job " + jobId + ": "
          + e.getMessage());
      return ExitStatus.NOT_FOUND;
    }
    if (progress.isEmpty()) {
      spec.commandLine().getErr().println("workerpool: no progress for job " + jobId
          + " on topic " + topic + ": it was never submitted, the reducer has not read it "
          + "yet, or it is older than the topic's retention");
      return ExitStatus.NOT_FOUND;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(prettyJson(progress.get()));
    out.flush();
    return 0;
  }

  private static String prettyJson(JobProgress progress) {
    try {
      return MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(progress);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the progress of job " + progress.jobId(), e);
    }
  }
}
