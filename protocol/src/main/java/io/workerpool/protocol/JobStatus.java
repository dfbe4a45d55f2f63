package io.workerpool.protocol;

/** The final status of a job. */
public enum JobStatus {
  /** Every task succeeded and the results were combined. */
  SUCCEEDED,
  /** A task, the listing, the reduction or the job message failed. */
  FAILED,
  /** A client cancelled the job. */
  CANCELLED,
  /** The job's deadline passed before it finished. */
  TIMED_OUT
}
