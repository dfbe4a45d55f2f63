package io.workerpool.cli;

import io.workerpool.core.client.JobClient;
import io.workerpool.core.config.Settings;
import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Submits a job, friends by default, to a running pool. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit a job (a friends job unless --type names another), print its id on "
        + "stderr, then print its outcome as JSON on stdout. Exit status: 0 SUCCEEDED, "
        + "1 FAILED, 2 invalid options, 3 CANCELLED, 4 TIMED_OUT, 5 no outcome in time, "
        + "6 Kafka cluster unreachable. On a terminal it draws the job's progress on stderr "
        + "while it waits.")
final class SubmitCommand implements Callable<Integer> {

  @Mixin
  ClusterOption cluster;

  @Mixin
  JobOptions jobOptions;

  @Option(names = "--deadline", defaultValue = "60s", paramLabel = "DURATION",
      description = "Time the job may take before it ends TIMED_OUT, such as 30s or 2m "
          + "(default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(names = "--job-id", paramLabel = "ID",
      description = "Job id to use (default: a random UUID).")
  String jobId;

  @Option(names = "--no-wait",
      description = "Print the job id on stdout and exit without waiting for the outcome.")
  boolean noWait;

  @Option(names = "--no-progress",
      description = "Draw no progress bar on stderr while waiting. Without a terminal none is "
          + "drawn anyway.")
  boolean noProgress;

  @Override
  public Integer call() throws InterruptedException {
    JobSubmission submission = jobOptions.submission();
    String id = jobId == null ? JobIds.newJobId() : JobIds.requireValid(jobId);
    Settings settings = PoolConnection.settings(cluster);
    try (JobClient client = PoolConnection.client(settings)) {
      if (noWait) {
        try (PendingJob job = client.submit(id, submission.type(), submission.params(),
            deadline, submission.completion(), submission.stages(), submission.queue())) {
          System.out.println(job.jobId());
        }
        return 0;
      }
      // NOTE: Java 17 cannot tell whether stderr is a terminal. System.console() is null
      // unless stdin and stdout are terminals, so 'submit > file' draws no bar and
      // 'submit 2> file' on a terminal writes the bar's lines to the file.
      if (noProgress || System.console() == null) {
        return submission.submitAndPrint(client, id, deadline, System.out, System.err);
      }
      return submission.submitAndPrint(client, id, deadline, System.out, System.err,
          openProgress(settings, id));
    }
  }

  /**
   * Opens the progress bar's reader. A pool whose progress topic is missing or not readable by
   * this principal still runs the job, without a bar. An unreachable cluster stops the command
   * as it would stop the submission.
   */
  private static ProgressWatcher openProgress(Settings settings, String id) {
    try {
      return ProgressWatcher.open(PoolConnection.clients(settings),
          PoolSettings.from(settings).topics().progress(), id, new ProgressBar(System.err),
          Clock.systemUTC());
    } catch (KafkaAccessDeniedException | ProgressTopic.MissingTopicException e) {
      System.err.println("workerpool: no progress bar, because " + e.getMessage());
      return ProgressWatcher.disabled();
    }
  }
}
