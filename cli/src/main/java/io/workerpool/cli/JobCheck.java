package io.workerpool.cli;

import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.Stage;

/**
 * Checks a job with the handlers of this process before a local pool starts, so a typo fails
 * in a second instead of after the pool's start-up. The producer checks the same again.
 */
final class JobCheck {

  private JobCheck() {}

  /**
   * Checks the job's type and parameters and those of each stage.
   *
   * @throws InvalidJobException naming the type, stage or parameter that is wrong
   */
  static void validate(JobHandlers handlers, JobSubmission submission)
      throws InvalidJobException {
    handler(handlers, submission.type()).validate(submission.params());
    int index = 1;
    for (Stage stage : submission.stages()) {
      try {
        handler(handlers, stage.type()).validateStage(stage.params());
      } catch (InvalidJobException e) {
        throw new InvalidJobException("stage " + index + " (" + stage.type() + "): "
            + e.getMessage());
      }
      index++;
    }
  }

  private static JobHandler handler(JobHandlers handlers, String type)
      throws InvalidJobException {
    return handlers.find(type)
        .orElseThrow(() -> new InvalidJobException(handlers.unknownTypeMessage(type)));
  }
}
