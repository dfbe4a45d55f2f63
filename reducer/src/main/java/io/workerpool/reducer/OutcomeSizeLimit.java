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
  /** How much of a failed job's own error message a replacement outcome keeps. */
  private static final int MAX_CAUSE_CHARS = 300;

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
    String excess = limit.describeExcess("the " + outcome.status() + " outcome of job "
        + outcome.jobId(), size);
    String raise = SETTING + " with the outcomes topic's max.message.bytes and "
        + "KAFKA_MAX_REQUEST_SIZE";
    if (outcome.error() == null) {
      return replace(outcome, excess + ": make the job's result smaller, or raise " + raise);
    }
    // A failed job keeps the start of its own error, the reason it failed.
    JobError cause = outcome.error();
    return replace(outcome, excess + " (raise " + raise + "); its " + cause.step()
        + " error was: " + shorten(cause.message()));
  }

  private static String shorten(String message) {
    return message.length() <= MAX_CAUSE_CHARS ? message
        : message.substring(0, MAX_CAUSE_CHARS) + "...";
  }

  /** Returns a FAILED outcome with the counts of {@code outcome} and a REDUCE error. */
  JobOutcome replace(JobOutcome outcome, String message) {
    return new JobOutcome(outcome.version(), outcome.jobId(), outcome.type(), JobStatus.FAILED,
        null, new JobError(Step.REDUCE, message, null, origin), outcome.stats(),
        outcome.submittedAt(), outcome.finishedAt());
  }
}
