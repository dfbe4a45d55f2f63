package io.workerpool.client;

import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobOutcome;
import java.util.Objects;

/**
 * Thrown by {@link JobOutcomes#resultOrThrow(JobOutcome)} for a job that did not succeed: the
 * error that Go's {@code errgroup.Wait()} would return. The outcome, with its status, error and
 * task counts, is in {@link #outcome()}.
 */
public class JobFailedException extends RuntimeException {

  private final transient JobOutcome outcome;

  public JobFailedException(JobOutcome outcome) {
    super(message(Objects.requireNonNull(outcome, "outcome")));
    this.outcome = outcome;
  }

  /** Returns the outcome the reducer published for the job. */
  public JobOutcome outcome() {
    return outcome;
  }

  private static String message(JobOutcome outcome) {
    JobError error = outcome.error();
    StringBuilder message = new StringBuilder("job ").append(outcome.jobId())
        .append(" ended ").append(outcome.status());
    if (error != null) {
      message.append(" at step ").append(error.step());
      if (error.taskId() != null) {
        message.append(" (task ").append(error.taskId()).append(')');
      }
      message.append(": ").append(error.message());
      if (error.origin() != null) {
        message.append(" [origin ").append(error.origin()).append(']');
      }
    }
    return message.toString();
  }
}
