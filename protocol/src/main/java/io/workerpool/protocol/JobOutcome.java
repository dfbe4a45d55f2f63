package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The final outcome of a job, published once by the reducer on the outcomes topic.
 *
 * @param version message version
 * @param jobId the job, also the record key
 * @param type the job type, or null when the job message could not be read
 * @param status how the job ended
 * @param result the combined result, present only when {@code status} is SUCCEEDED
 * @param error the first error, present otherwise
 * @param stats the job's task counts
 * @param submittedAt when the client sent the job, or null when the job message could not be
 *     read
 * @param finishedAt when the reducer decided the outcome
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"jobId", "status", "result", "error", "stats", "type", "submittedAt",
    "finishedAt"})
public record JobOutcome(
    int version,
    String jobId,
    String type,
    JobStatus status,
    JsonNode result,
    JobError error,
    JobStats stats,
    Instant submittedAt,
    Instant finishedAt) {

  public JobOutcome {
    JobIds.requireValid(jobId);
    Messages.requireField(status, "status");
    Messages.requireField(stats, "stats");
    Messages.requireField(finishedAt, "finishedAt");
    if (status == JobStatus.SUCCEEDED) {
      Messages.requireField(result, "result");
    } else {
      Messages.requireField(error, "error");
    }
  }
}
