package io.workerpool.cli;

import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.producer.StageCheck;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Topics;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a job with the handlers of this process before a local pool starts, so a typo fails
 * in a second instead of after the pool's start-up. The producer checks the same again.
 */
final class JobCheck {

  private JobCheck() {}

  /**
   * Checks the job's type and parameters and those of each stage. The local pool creates the
   * topic of every queue the stages name, so queues pass.
   *
   * @throws InvalidJobException naming the type, stage or parameter that is wrong
   */
  static void validate(JobHandlers handlers, JobSubmission submission)
      throws InvalidJobException {
    JobHandler handler = handlers.find(submission.type())
        .orElseThrow(() -> new InvalidJobException(
            handlers.unknownTypeMessage(submission.type())));
    handler.validate(submission.params());
    Instant now = Instant.now();
    JobRequest job = JobRequest.of("local-check", submission.type(), submission.params(), now,
        now).withStages(submission.stages()).withQueue(submission.queue());
    Optional<String> invalidStage =
        new StageCheck(handlers, Topics.withDefaultPrefix(), topic -> true).check(job);
    if (invalidStage.isPresent()) {
      throw new InvalidJobException(invalidStage.get());
    }
  }
}
