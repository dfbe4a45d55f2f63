package io.workerpool.reducer;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;

/** The destination of the reducer's outcomes, progress records and cancels. */
interface ReducerOutput {

  /**
   * Publishes a job's outcome and, once it is stored, {@code finalProgress}.
   *
   * @param finalProgress the job's final progress record, with the outcome's status and
   *     counts. Null publishes none, as for a rejected submission that reused another job's id.
   */
  void publishOutcome(JobOutcome outcome, JobProgress finalProgress);

  /** Publishes a running job's progress; the final record goes with the outcome. */
  void publishProgress(JobProgress progress);

  void cancel(Cancel cancel);
}
