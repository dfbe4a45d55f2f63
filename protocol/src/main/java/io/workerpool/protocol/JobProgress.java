package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * How far a job has got, published by the reducer on the progress topic: when it first reads
 * the job record, then at most once per {@code REDUCER_PROGRESS_INTERVAL} while the counts
 * change, and once more with the final state after the job's outcome is stored. The latest
 * record of a job id is its current progress; the topic is compacted, so older ones go away.
 *
 * <p>The reducer does not read the tasks topic, so until the producer's listing report arrives
 * ({@code listingFinished} false) {@code stats.listed} counts only the tasks that have a result,
 * and grows with them. From the report on it is the number of tasks the producer sent.
 *
 * @param version message version
 * @param jobId the job, also the record key
 * @param type the job type, or null when the job message could not be read
 * @param state LISTING or RUNNING while the job runs, then the outcome's status
 * @param stats the job's task counts so far; on the final record, the outcome's counts
 * @param listingFinished whether the producer's listing report was read
 * @param submittedAt the submission this record is about, or null when the job message could
 *     not be read
 * @param deadline the job's deadline, or null when the job message could not be read
 * @param updatedAt when the reducer took these counts
 * @param error on a final record of a job that did not succeed, the outcome's error; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"jobId", "state", "stats", "listingFinished", "error", "type",
    "submittedAt", "deadline", "updatedAt"})
public record JobProgress(
    int version,
    String jobId,
    String type,
    ProgressState state,
    JobStats stats,
    boolean listingFinished,
    Instant submittedAt,
    Instant deadline,
    Instant updatedAt,
    JobError error) {

  public JobProgress {
    JobIds.requireValid(jobId);
    Messages.requireField(state, "state");
    Messages.requireField(stats, "stats");
    Messages.requireField(updatedAt, "updatedAt");
    if (!state.isFinal() && error != null) {
      throw new IllegalArgumentException("field 'error' is set on a " + state + " record: only "
          + "a final record carries the outcome's error");
    }
  }

  /** Creates the record of a running job. */
  public static JobProgress running(String jobId, String type, JobStats stats,
      boolean listingFinished, Instant submittedAt, Instant deadline, Instant updatedAt) {
    return new JobProgress(MessageCodec.VERSION, jobId, type,
        listingFinished ? ProgressState.RUNNING : ProgressState.LISTING, stats, listingFinished,
        submittedAt, deadline, updatedAt, null);
  }

  /**
   * Creates the final record of a job from its outcome: the outcome's status, counts, error
   * and finishing time.
   *
   * @param listingFinished whether the producer's listing report was read before the outcome
   * @param deadline the job's deadline, or null when the job message could not be read
   */
  public static JobProgress finished(JobOutcome outcome, boolean listingFinished,
      Instant deadline) {
    return new JobProgress(MessageCodec.VERSION, outcome.jobId(), outcome.type(),
        ProgressState.of(outcome.status()), outcome.stats(), listingFinished,
        outcome.submittedAt(), deadline, outcome.finishedAt(), outcome.error());
  }
}
