package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Stage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Submits a job of any type, prints its id on stderr, then waits for its outcome and prints it
 * on stdout as one JSON document.
 *
 * @param type the job type, such as {@code repeat}
 * @param params the job handler's parameters
 * @param completion when the job is complete
 * @param stages the later stages of a chained job, empty for a job of one stage
 * @param queue the queue of the job's own tasks, or null for the shared tasks topic
 * @param description what the job does, for the line on stderr, such as "friends of user 0"
 */
record JobSubmission(String type, JsonNode params, Completion completion, List<Stage> stages,
    String queue, String description) {

  /** How long after the deadline a client still waits for the reducer's outcome. */
  static final Duration OUTCOME_GRACE = Duration.ofSeconds(30);

  /** Submits the job and returns the exit status of its outcome. */
  int submitAndPrint(JobClient client, String jobId, Duration deadline, PrintStream out,
      PrintStream err) throws InterruptedException {
    return submitAndPrint(client, jobId, deadline, out, err, ProgressWatcher.disabled());
  }

  /**
   * Submits the job like {@link #submitAndPrint(JobClient, String, Duration, PrintStream,
   * PrintStream)}, and while it waits lets {@code progress} draw the job's progress. It closes
   * {@code progress} before it prints anything more.
   *
   * @param progress a watcher opened on this job id before the call
   */
  int submitAndPrint(JobClient client, String jobId, Duration deadline, PrintStream out,
      PrintStream err, ProgressWatcher progress) throws InterruptedException {
    try (progress;
        PendingJob job = client.submit(jobId, type, params, deadline, completion, stages,
            queue)) {
      String mode = CompletionOptions.describe(completion);
      err.println("Submitted job " + job.jobId() + " (" + description
          + (mode == null ? "" : ", " + mode) + ", deadline " + job.job().deadline() + ")");
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
