package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Submits a friends job, prints its id on stderr, then waits for its outcome and prints it on
 * stdout as one JSON document.
 */
final class FriendsSubmission {

  /** How long after the deadline a client still waits for the reducer's outcome. */
  static final Duration OUTCOME_GRACE = Duration.ofSeconds(30);

  private FriendsSubmission() {}

  static int submitAndPrint(JobClient client, String jobId, int userId, Duration deadline,
      PrintStream out, PrintStream err) throws InterruptedException {
    return submitAndPrint(client, jobId, userId, deadline, out, err,
        ProgressWatcher.disabled());
  }

  /**
   * Submits and prints like {@link #submitAndPrint(JobClient, String, int, Duration,
   * PrintStream, PrintStream)}, and while it waits lets {@code progress} draw the job's
   * progress. It closes {@code progress} before it prints anything more.
   *
   * @param progress a watcher opened on this job id before the call
   */
  static int submitAndPrint(JobClient client, String jobId, int userId, Duration deadline,
      PrintStream out, PrintStream err, ProgressWatcher progress) throws InterruptedException {
    try (progress;
        PendingJob job = client.submit(jobId, "friends",
            JsonNodeFactory.instance.objectNode().put("userId", userId), deadline)) {
      err.println("Submitted job " + job.jobId() + " (friends of user " + userId
          + ", deadline " + job.job().deadline() + ")");
      progress.watch(job.job().submittedAt());
      JobOutcome outcome;
      try {
        outcome = job.awaitOutcome(deadline.plus(OUTCOME_GRACE));
      } catch (TimeoutException e) {
        progress.close();
        err.println("workerpool: " + e.getMessage());
        return ExitStatus.NO_OUTCOME;
      }
      progress.finish(outcome, job.job().deadline());
      out.println(prettyJson(outcome));
      out.flush();
      return ExitStatus.of(outcome.status());
    }
  }

  static String prettyJson(JobOutcome outcome) {
    try {
      return MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the outcome of job " + outcome.jobId(), e);
    }
  }
}
