package io.workerpool.reducer;

import io.workerpool.core.config.Settings;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;

/**
 * Keeps outcomes within {@value #SETTING} (default {@value #DEFAULT_MAX_BYTES} bytes, below
 * Kafka's default 1 MiB record limit), so an outcome is never lost to a send the broker rejects:
 * an outcome over the limit is replaced by a FAILED outcome with a REDUCE error that names its
 * size and the limit, and the same counts.
 */
final class OutcomeSizeLimit {

  static final String SETTING = "REDUCER_MAX_OUTCOME_BYTES";
  static final int DEFAULT_MAX_BYTES = 1_000_000;

  private final SizeLimit limit;
  private final String origin;

  OutcomeSizeLimit(SizeLimit limit, String origin) {
    this.limit = limit;
    this.origin = origin;
  }

  static OutcomeSizeLimit from(Settings settings, String origin) {
    return new OutcomeSizeLimit(SizeLimit.from(settings, SETTING, DEFAULT_MAX_BYTES), origin);
  }

  /** Returns {@code outcome} when its JSON fits the limit, else its FAILED replacement. */
  JobOutcome enforce(JobOutcome outcome) {
    int size = MessageCodec.encode(outcome).length;
    if (limit.allows(size)) {
      return outcome;
    }
    return replace(outcome, limit.describeExcess("the " + outcome.status() + " outcome of job "
        + outcome.jobId(), size) + ": make the job's result smaller, or raise " + SETTING
        + " with the outcomes topic's max.message.bytes and KAFKA_MAX_REQUEST_SIZE");
  }

  /** Returns a FAILED outcome with the counts of {@code outcome} and a REDUCE error. */
  JobOutcome replace(JobOutcome outcome, String message) {
    return new JobOutcome(outcome.version(), outcome.jobId(), outcome.type(), JobStatus.FAILED,
        null, new JobError(Step.REDUCE, message, null, origin), outcome.stats(),
        outcome.submittedAt(), outcome.finishedAt());
  }
}
