package io.workerpool.reducer;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.JobOutcome;

/** The destination of the reducer's outcomes and cancels. */
interface ReducerOutput {

  void publishOutcome(JobOutcome outcome);

  void cancel(Cancel cancel);
}
