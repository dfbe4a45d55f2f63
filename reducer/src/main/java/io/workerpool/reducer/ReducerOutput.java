package io.workerpool.reducer;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.JobOutcome;

/** Where the reducer sends outcomes and cancels. */
interface ReducerOutput {

  void publishOutcome(JobOutcome outcome);

  void cancel(Cancel cancel);
}
