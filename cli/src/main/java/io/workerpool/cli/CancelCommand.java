package io.workerpool.cli;

import io.workerpool.core.client.JobClient;
import io.workerpool.core.config.Settings;
import io.workerpool.protocol.JobIds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Cancels a job everywhere. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a job: the producer stops listing it, workers drop and abort its "
        + "tasks, and its outcome becomes CANCELLED unless it has already finished. The cancel "
        + "also applies to a job submitted later with the same id, within "
        + "WORKERPOOL_CANCEL_RETENTION of the cancel.")
final class CancelCommand implements Callable<Integer> {

  @Mixin
  ClusterOption cluster;

  @Option(names = "--reason", description = "Why the job is cancelled, kept in its outcome.")
  String reason;

  @Parameters(paramLabel = "JOB_ID", description = "Id of the job to cancel.")
  String jobId;

  @Override
  public Integer call() throws InterruptedException {
    // A malformed id is a usage error, reported before any wait for the cluster.
    JobIds.requireValid(jobId);
    Settings settings = PoolConnection.settings(cluster);
    try (JobClient client = PoolConnection.client(settings)) {
      client.cancel(jobId, reason);
    }
    System.err.println("Cancel sent for job " + jobId);
    return 0;
  }
}
