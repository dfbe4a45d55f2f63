package io.workerpool.protocol;

/** The stage of a job in a {@link JobProgress} record. */
public enum ProgressState {
  /** The reducer has read the job but not yet the producer's listing report. */
  LISTING,
  /** The producer has reported its listing, and the job's outcome is not published yet. */
  RUNNING,
  /** Final: the job's outcome is SUCCEEDED. */
  SUCCEEDED,
  /** Final: the job's outcome is FAILED. */
  FAILED,
  /** Final: the job's outcome is CANCELLED. */
  CANCELLED,
  /** Final: the job's outcome is TIMED_OUT. */
  TIMED_OUT;

  /** Returns the final state of a job whose outcome has {@code status}. */
  public static ProgressState of(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
      case TIMED_OUT -> TIMED_OUT;
    };
  }

  /** Tells whether the job has ended: its outcome is published and no later record follows. */
  public boolean isFinal() {
    return this != LISTING && this != RUNNING;
  }
}
